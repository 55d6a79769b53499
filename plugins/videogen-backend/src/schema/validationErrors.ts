import { InputError, isError } from '@backstage/errors';
import {
  checkEnvironmentName,
  ENVIRONMENT_NAME_PATTERN,
} from '@videogen/plugin-videogen-common';
import express from 'express';
import { spec } from './openapi/generated';

/**
 * The spec validator (express-openapi-validator, through
 * @backstage/backend-openapi-utils) answers 400 with ajv's wording, such as
 * `request/body/operation must be equal to one of the allowed values: plan,
 * apply, destroy`. People read these messages (in the UI, in scaffolder task
 * logs), so this error handler says the same as a sentence:
 * `operation must be "plan", "apply" or "destroy".`
 */
export function validationErrorMessages(): express.ErrorRequestHandler {
  return (error, req, _res, next) => {
    if (!isError(error) || error.name !== 'InputError') {
      next(error);
      return;
    }
    const sentence = describeValidationError(error.message, req);
    next(sentence ? new InputError(sentence) : error);
  };
}

type Location = 'body' | 'query' | 'params' | 'headers' | 'cookies';
type Problem = { location: Location; path: string[]; message: string };

const PROBLEM = /^request\/(body|query|params|headers|cookies)(\/\S*)? (.+)$/;
const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
};

/** A sentence for a validator message, or undefined if it is not one. */
export function describeValidationError(
  message: string,
  req: Pick<express.Request, 'body' | 'query' | 'params' | 'headers'> & {
    openapi?: { openApiRoute?: string };
    method?: string;
  },
): string | undefined {
  let match = /^Unknown query parameter '([^']+)'$/.exec(message);
  if (match) {
    return `This request takes no query parameter "${match[1]}".`;
  }
  match = /^Empty value found for query parameter '([^']+)'$/.exec(message);
  if (match) {
    return `The query parameter "${match[1]}" needs a value; leave it out instead.`;
  }
  match = /^unsupported media type (.+)$/.exec(message);
  if (match) {
    return `This request takes no body of type ${match[1]}; send JSON (Content-Type: application/json).`;
  }

  // ajv's messages, joined with ", ".
  const problems: Problem[] = [];
  for (const part of message.split(/, (?=request\/)/)) {
    const parsed = PROBLEM.exec(part);
    if (!parsed) return undefined;
    problems.push({
      location: parsed[1] as Location,
      path: (parsed[2] ?? '').split('/').filter(Boolean),
      message: parsed[3],
    });
  }
  if (problems.length === 0) return undefined;

  // One sentence for the first field in error (ajv stops at the first
  // failing keyword, but a oneOf reports each of its alternatives).
  const first = problems[0];
  const same = problems.filter(
    p =>
      p.location === first.location &&
      p.path.join('/') === first.path.join('/'),
  );
  const field = first.path.join('.') || 'The request body';
  const value = valueAt(req, first.location, first.path);

  const types = same
    .map(
      p =>
        /^must be (string|number|integer|boolean|object|array)$/.exec(
          p.message,
        )?.[1],
    )
    .filter((t): t is string => Boolean(t));
  if (types.length > 0) {
    return `${field} must be ${joinAlternatives(
      [...new Set(types)].map(t => TYPE_WORDS[t]),
    )}.`;
  }
  return describeProblem(first, field, value, req);
}

function describeProblem(
  problem: Problem,
  field: string,
  value: unknown,
  req: Parameters<typeof describeValidationError>[1],
): string {
  const text = problem.message;
  let match = /^must have required property '([^']+)'$/.exec(text);
  if (match) {
    return problem.path.length
      ? `${field}.${match[1]} is required.`
      : `${match[1]} is required.`;
  }
  match = /^must be equal to one of the allowed values: (.+)$/.exec(text);
  if (match) {
    const allowed = match[1].split(', ').map(v => `"${v}"`);
    return `${field} must be ${joinAlternatives(allowed)}.`;
  }
  match = /^must be (<=|>=|<|>) (-?[\d.]+)$/.exec(text);
  if (match) {
    const bound = {
      '<=': 'may be at most',
      '>=': 'must be at least',
      '<': 'must be less than',
      '>': 'must be more than',
    }[match[1]];
    return `${field} ${bound} ${match[2]}.`;
  }
  match = /^must match pattern "(.+)"$/.exec(text);
  if (match) {
    if (match[1] === ENVIRONMENT_NAME_PATTERN.source) {
      return checkEnvironmentName(String(value)) ?? `${field} is not valid.`;
    }
    if (field === 'lockId') {
      return `"${String(value).slice(
        0,
        64,
      )}" is not a Terraform lock ID; use the lockId of the failed run.`;
    }
    return `"${String(value).slice(0, 64)}" is not a valid ${field}.`;
  }
  match = /^must match format "(.+)"$/.exec(text);
  if (match) {
    return `${field} must be a ${match[1]}.`;
  }
  if (text === 'must NOT have additional properties') {
    const known = knownProperties(req, problem);
    const unknown = Object.keys(
      (value ?? {}) as Record<string, unknown>,
    ).filter(key => known && !known.includes(key));
    const where = problem.path.length ? field : 'this request';
    return `Unknown field(s) ${unknown.join(', ') || '(?)'}; ${where} has ${
      known ? joinAll(known) : 'other fields'
    }.`;
  }
  return `${field} ${text}.`;
}

function valueAt(
  req: Parameters<typeof describeValidationError>[1],
  location: Location,
  path: string[],
): unknown {
  const start = (req as Record<string, unknown>)[location];
  return path.reduce<unknown>(
    (at, key) =>
      at && typeof at === 'object'
        ? (at as Record<string, unknown>)[key]
        : undefined,
    start,
  );
}

type SchemaNode = {
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
};

/** The declared properties of the JSON body object the problem is about. */
function knownProperties(
  req: Parameters<typeof describeValidationError>[1],
  problem: Problem,
): string[] | undefined {
  const route = req.openapi?.openApiRoute;
  const method = req.method?.toLowerCase();
  if (problem.location !== 'body' || !route || !method) return undefined;
  const paths = spec.paths as unknown as Record<
    string,
    Record<
      string,
      { requestBody?: { content?: Record<string, { schema?: SchemaNode }> } }
    >
  >;
  // openApiRoute is the document's path with the mount point's prefix.
  const item = paths[route] ?? paths[route.replace(/^\/api\/[^/]+/, '')];
  let node = resolveRef(
    item?.[method]?.requestBody?.content?.['application/json']?.schema,
  );
  for (const key of problem.path) {
    const next: SchemaNode | undefined =
      node?.properties?.[key] ??
      (typeof node?.additionalProperties === 'object'
        ? node.additionalProperties
        : node?.items);
    node = resolveRef(next);
  }
  return node?.properties ? Object.keys(node.properties) : undefined;
}

function resolveRef(node: SchemaNode | undefined): SchemaNode | undefined {
  if (!node?.$ref) return node;
  const name = node.$ref.replace('#/components/schemas/', '');
  const schemas = spec.components.schemas as unknown as Record<
    string,
    SchemaNode
  >;
  return resolveRef(schemas[name]);
}

/** "a", "b" or "c" */
function joinAlternatives(items: string[]): string {
  return items.length <= 1
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** a, b and c */
function joinAll(items: string[]): string {
  return items.length <= 1
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
