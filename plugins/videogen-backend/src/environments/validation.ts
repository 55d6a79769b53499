import { InputError } from '@backstage/errors';
import {
  CreateEnvironmentRequest,
  EnvironmentTarget,
} from '@videogen/plugin-videogen-common';
import { reservedVariables } from '../terraform/TerraformWorkspace';

/**
 * AWS region names: `us-east-1`, `eu-central-2`, `ap-southeast-4`,
 * `us-gov-west-1`, `cn-northwest-1`, `us-isob-east-1`, ...
 */
export const AWS_REGION_PATTERN =
  /^[a-z]{2}(?:-gov|-iso[a-z]?)?-(?:central|north|south|east|west|northeast|northwest|southeast|southwest)-[1-9]\d?$/;

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_VARIABLES = 50;
const MAX_VALUE_LENGTH = 1024;

/** S3 bucket naming rules (general purpose buckets), without the IP form. */
const S3_BUCKET_PATTERN =
  /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** A validated CreateEnvironmentRequest with its defaults filled in. */
export type NewEnvironment = {
  name: string;
  target: EnvironmentTarget;
  region: string;
  variables: Record<string, string | number | boolean>;
  requireApproval: boolean;
  stateBucket?: string;
};

/**
 * Applies the rules of a new environment that the OpenAPI document cannot
 * express (its shape, field types and name pattern are checked by the
 * validating router before this runs) and fills in the defaults: region
 * `local` and no approval for local environments, approval for aws ones.
 * Throws an InputError whose message says what to change.
 */
export function parseCreateEnvironment(
  request: CreateEnvironmentRequest,
  options: { secretVariableNames: string[] },
): NewEnvironment {
  let region: string;
  if (request.target === 'aws') {
    if (!request.region) {
      throw new InputError(
        'An aws environment needs a region, such as "eu-west-1".',
      );
    }
    if (!AWS_REGION_PATTERN.test(request.region)) {
      throw new InputError(
        `"${request.region.slice(
          0,
          64,
        )}" is not an AWS region name; use one such as "us-east-1" or "eu-central-1".`,
      );
    }
    region = request.region;
  } else {
    if (request.region !== undefined && request.region !== 'local') {
      throw new InputError(
        'A local environment has no AWS region; leave region out (or set it to "local").',
      );
    }
    region = 'local';
  }

  if (request.stateBucket !== undefined) {
    if (request.target !== 'aws') {
      throw new InputError(
        'A local environment keeps its Terraform state on this machine; leave stateBucket out.',
      );
    }
    if (!S3_BUCKET_PATTERN.test(request.stateBucket)) {
      throw new InputError(
        `"${request.stateBucket.slice(
          0,
          64,
        )}" is not an S3 bucket name: use 3 to 63 lowercase letters, digits, dots and hyphens.`,
      );
    }
  }

  const variables = request.variables ?? {};
  const names = Object.keys(variables);
  if (names.length > MAX_VARIABLES) {
    throw new InputError(
      `An environment has at most ${MAX_VARIABLES} variables; this request has ${names.length}.`,
    );
  }
  const reserved = reservedVariables(request.target);
  for (const name of names) {
    if (!VARIABLE_NAME.test(name)) {
      throw new InputError(
        `Variable "${name.slice(
          0,
          64,
        )}" is not a Terraform variable name: use letters, digits and underscores, starting with a letter or underscore.`,
      );
    }
    if (reserved.includes(name)) {
      throw new InputError(
        `Variable "${name}" is set by the run engine for ${request.target} environments; leave it out.`,
      );
    }
    if (options.secretVariableNames.includes(name)) {
      throw new InputError(
        `Variable "${name}" is a secret provided by the backend's configuration (videogen.terraform.secretVariables); leave it out.`,
      );
    }
    const value = variables[name];
    if (typeof value === 'string' && value.length > MAX_VALUE_LENGTH) {
      throw new InputError(
        `Variable "${name}" is longer than ${MAX_VALUE_LENGTH} characters.`,
      );
    }
  }

  return {
    name: request.name,
    target: request.target,
    region,
    variables,
    requireApproval: request.requireApproval ?? request.target === 'aws',
    ...(request.stateBucket ? { stateBucket: request.stateBucket } : {}),
  };
}
