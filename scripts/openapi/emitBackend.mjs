// The backend's generated files: the document as a typed const, and a
// router factory whose router validates every request against it.
import { listOperations, quoteKey, schemaType } from './spec.mjs';

const MODELS = 'VideogenHttp.';

export function emitBackendFiles(spec) {
  return {
    'openapi.ts': `export const spec = ${JSON.stringify(
      spec,
      null,
      2,
    )} as const;\n`,
    'router.ts': emitRouter(spec),
    'index.ts': `export * from './router';\nexport { spec } from './openapi';\n`,
  };
}

function group(parameters, location) {
  const own = parameters.filter(p => p.in === location);
  if (own.length === 0) return undefined;
  return `{\n${own
    .map(
      p =>
        `${quoteKey(p.name)}${p.required ? '' : '?'}: ${schemaType(
          p.schema,
          MODELS,
        )};`,
    )
    .join('\n')}\n}`;
}

function endpoint(operation) {
  const members = [];
  const pathParams = group(operation.parameters, 'path');
  const query = group(operation.parameters, 'query');
  if (pathParams) members.push(`path: ${pathParams};`);
  if (query) members.push(`query: ${query};`);
  if (operation.body?.contentType === 'application/json') {
    members.push(`body: ${schemaType(operation.body.schema, MODELS)};`);
  }
  if (operation.success.json) {
    const types = [
      ...new Set(operation.success.schemas.map(s => schemaType(s, MODELS))),
    ];
    members.push(`response: ${types.join(' | ')};`);
  }
  // backend-openapi-utils spells the delete method _delete.
  const method = operation.method === 'delete' ? '_delete' : operation.method;
  return `'#${method}|${operation.route}': {\n${members.join('\n')}\n};`;
}

function emitRouter(spec) {
  const operations = listOperations(spec);
  const usesModels = operations.some(o => endpoint(o).includes(MODELS));
  return `import { createValidatedOpenApiRouterFromGeneratedEndpointMap } from '@backstage/backend-openapi-utils';
${
  usesModels
    ? `import type { VideogenHttp } from '@videogen/plugin-videogen-common';\n`
    : ''
}import { spec } from './openapi';

/** Each operation's parameters, body and answer, keyed by method and path. */
export type EndpointMap = {
${operations.map(endpoint).join('\n')}
};

// The document's server is the plugin's mount point (${
    spec.servers?.[0]?.url ?? '/'
  }); the plugin's router sees paths relative to it.
const routerSpec = { ...spec, servers: [{ url: '/' }] };

/**
 * A router that validates each request against the OpenAPI document before
 * any route of the plugin sees it; routes the document does not describe
 * pass through unvalidated.
 */
export const createOpenApiRouter = async (
  options?: Parameters<
    typeof createValidatedOpenApiRouterFromGeneratedEndpointMap
  >['1'],
) =>
  createValidatedOpenApiRouterFromGeneratedEndpointMap<EndpointMap>(
    routerSpec,
    options,
  );
`;
}
