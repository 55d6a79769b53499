import { z as zod } from 'zod/v3';
import {
  CreateEnvironmentRequest,
  ENVIRONMENT_NAME_PATTERN,
} from '@videogen/plugin-videogen-common';

type Z = typeof zod;

/** Inputs shared by the actions that create or change an environment. */
export const environmentInputSchema = {
  name: (z: Z) =>
    z
      .string()
      .regex(ENVIRONMENT_NAME_PATTERN, {
        message:
          'use 3 to 32 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen',
      })
      .describe(
        'Name of the environment (3 to 32 lowercase letters, digits and hyphens). It names the catalog entity, the AWS resources and the Terraform state key.',
      ),
  target: (z: Z) =>
    z
      .enum(['local', 'aws'])
      .default('local')
      .describe(
        'Where the environment runs: "local" (this machine, no cloud) or "aws" (EKS, AWS Batch, S3, RDS).',
      ),
  region: (z: Z) =>
    z
      .string()
      .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, {
        message: 'use an AWS region such as eu-west-1',
      })
      .optional()
      .describe(
        'AWS region of an aws environment, such as eu-west-1. Ignored for local.',
      ),
  variables: (z: Z) =>
    z
      .record(z.union([z.string(), z.number(), z.boolean()]))
      .optional()
      .describe(
        'Terraform input variables of the environment, such as az_count or node_instance_types. Never put secrets here: they are stored and shown.',
      ),
  requireApproval: (z: Z) =>
    z
      .boolean()
      .optional()
      .describe(
        'Whether an apply waits for an approver other than the person who started the run to approve its plan. Defaults to true for aws and false for local.',
      ),
  stateBucket: (z: Z) =>
    z
      .string()
      .optional()
      .describe(
        "aws only: the S3 bucket, in the environment's region, for its Terraform state (the bucketName output of videogen:state:bootstrap). Used when the environment is created; defaults to the backend's videogen.terraform.stateBucket.",
      ),
};

export type EnvironmentInput = {
  name: string;
  target?: 'local' | 'aws';
  region?: string;
  variables?: Record<string, string | number | boolean>;
  requireApproval?: boolean;
  stateBucket?: string;
};

export function toCreateRequest(
  input: EnvironmentInput,
): CreateEnvironmentRequest {
  const target = input.target ?? 'local';
  if (target === 'aws' && !input.region) {
    throw new Error(
      `Environment ${input.name} targets aws: give its region, such as eu-west-1.`,
    );
  }
  return {
    name: input.name,
    target,
    region: target === 'aws' ? input.region : 'local',
    variables: input.variables ?? {},
    requireApproval: input.requireApproval ?? target === 'aws',
    ...(target === 'aws' && input.stateBucket
      ? { stateBucket: input.stateBucket }
      : {}),
  };
}

/** Outputs shared by the environment actions. */
export const runOutputSchema = {
  runId: (z: Z) =>
    z.string().describe('ID of the Terraform run, for its page and log.'),
  status: (z: Z) =>
    z.string().describe('How the run ended: SUCCEEDED, AWAITING_APPROVAL, ...'),
  entityRef: (z: Z) =>
    z
      .string()
      .describe(
        'Catalog entity of the environment, e.g. resource:default/dev.',
      ),
};
