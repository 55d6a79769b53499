// Reading an OpenAPI 3.0 document: its operations, and its schemas as
// TypeScript types.

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** Follows a local `$ref` (`#/components/...`) to what it names. */
export function resolve(spec, node) {
  let current = node;
  while (current && current.$ref) {
    const parts = current.$ref.replace(/^#\//, '').split('/');
    current = parts.reduce((at, part) => at?.[part], spec);
    if (!current) throw new Error(`Unresolved reference ${node.$ref}`);
  }
  return current;
}

/** The name a `#/components/schemas/X` reference gives its type. */
export function refName(ref) {
  const match = /^#\/components\/schemas\/([A-Za-z0-9_]+)$/.exec(ref);
  if (!match) throw new Error(`Unsupported reference ${ref}`);
  return match[1];
}

/**
 * Every operation of the document, in document order, with its parameters
 * (path-level ones included), JSON or form body, and successful response.
 */
export function listOperations(spec) {
  const operations = [];
  for (const [route, item] of Object.entries(spec.paths)) {
    const shared = (item.parameters ?? []).map(p => resolve(spec, p));
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      if (!operation.operationId) {
        throw new Error(`${method.toUpperCase()} ${route} has no operationId`);
      }
      const own = (operation.parameters ?? []).map(p => resolve(spec, p));
      const parameters = [
        ...shared.filter(
          s => !own.some(o => o.name === s.name && o.in === s.in),
        ),
        ...own,
      ];
      const body = operation.requestBody
        ? resolve(spec, operation.requestBody)
        : undefined;
      const bodyType = body && Object.keys(body.content ?? {})[0];
      operations.push({
        id: operation.operationId,
        method,
        route,
        summary: operation.summary,
        description: operation.description,
        parameters,
        body: body && {
          required: Boolean(body.required),
          contentType: bodyType,
          schema: body.content[bodyType].schema,
        },
        success: successResponse(spec, operation.responses ?? {}),
      });
    }
  }
  return operations;
}

/** The JSON schema(s) of an operation's 2xx answers (none: not JSON). */
function successResponse(spec, responses) {
  const schemas = [];
  let json = true;
  for (const [status, response] of Object.entries(responses)) {
    if (!/^2\d\d$/.test(status)) continue;
    const content = resolve(spec, response).content ?? {};
    if (content['application/json']) {
      schemas.push(content['application/json'].schema);
    } else if (Object.keys(content).length > 0) {
      json = false;
    }
  }
  return { json: json && schemas.length > 0, schemas };
}

function quoteKey(key) {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key);
}

function docComment(text, indent = '') {
  if (!text) return '';
  const lines = String(text).trim().split('\n');
  return `${indent}/**\n${lines
    .map(line => `${indent} * ${line.replace(/\*\//g, '*\\/')}`)
    .join('\n')}\n${indent} */\n`;
}

export { docComment, quoteKey };

/**
 * A TypeScript type for a JSON schema; `$ref`s become the names of the
 * component types, written as `${prefix}Name`.
 */
export function schemaType(schema, prefix = '') {
  if (!schema) return 'unknown';
  if (schema.$ref) return `${prefix}${refName(schema.$ref)}`;
  const type = baseType(schema, prefix);
  return schema.nullable ? `${type} | null` : type;
}

function baseType(schema, prefix) {
  if (schema.allOf) {
    return schema.allOf.map(s => `(${schemaType(s, prefix)})`).join(' & ');
  }
  if (schema.oneOf || schema.anyOf) {
    return (schema.oneOf ?? schema.anyOf)
      .map(s => `(${schemaType(s, prefix)})`)
      .join(' | ');
  }
  if (schema.enum) {
    return schema.enum.map(value => JSON.stringify(value)).join(' | ');
  }
  switch (schema.type) {
    case 'string':
      return schema.format === 'binary' ? 'Blob' : 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
      return `Array<${schemaType(schema.items, prefix)}>`;
    case 'object':
    case undefined:
      return objectType(schema, prefix);
    default:
      throw new Error(`Unsupported schema type ${schema.type}`);
  }
}

function objectType(schema, prefix) {
  const required = new Set(schema.required ?? []);
  const members = Object.entries(schema.properties ?? {}).map(
    ([name, property]) =>
      `${docComment(property.description)}${quoteKey(name)}${
        required.has(name) ? '' : '?'
      }: ${schemaType(property, prefix)};`,
  );
  const extra = schema.additionalProperties;
  // Required keys that only additionalProperties describes (JobCounts).
  for (const name of required) {
    if (!schema.properties?.[name]) {
      members.push(
        `${quoteKey(name)}: ${
          extra && extra !== true ? schemaType(extra, prefix) : 'unknown'
        };`,
      );
    }
  }
  if (extra === false) {
    // Closed: no index signature.
  } else if (extra && extra !== true) {
    members.push(`[key: string]: ${schemaType(extra, prefix)};`);
  } else if (members.length === 0) {
    members.push('[key: string]: unknown;');
  }
  return `{\n${members.join('\n')}\n}`;
}
