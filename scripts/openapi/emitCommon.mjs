// The common package's generated files: the document's types and one HTTP
// client (a method per operationId) that works in the browser (Backstage's
// fetchApi and discoveryApi) and in backend modules (DiscoveryService and a
// token from AuthService).
import { docComment, listOperations, quoteKey, schemaType } from './spec.mjs';

const CLIENT_CLASS = 'VideogenHttpClient';

export function emitCommonFiles(spec) {
  const operations = listOperations(spec);
  return {
    'models.ts': emitModels(spec),
    'VideogenHttpClient.ts': emitClient(spec, operations),
    'index.ts': [
      `export * from './VideogenHttpClient';`,
      `export * from './models';`,
      '',
    ].join('\n'),
  };
}

function emitModels(spec) {
  return Object.entries(spec.components?.schemas ?? {})
    .map(
      ([name, schema]) =>
        `${docComment(schema.description)}export type ${name} = ${schemaType(
          schema,
        )};\n`,
    )
    .join('\n');
}

/** GetRunLogHttpRequest: distinct from the document's own *Request schemas. */
function requestTypeName(operation) {
  return `${operation.id[0].toUpperCase()}${operation.id.slice(1)}HttpRequest`;
}

/** `.name`, or `["na-me"]` for a name that is not an identifier. */
function propertyAccess(name) {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)
    ? `.${name}`
    : `[${JSON.stringify(name)}]`;
}

function parameterGroup(parameters, location) {
  const own = parameters.filter(p => p.in === location);
  if (own.length === 0) return undefined;
  const members = own.map(
    p =>
      `${docComment(p.description)}${quoteKey(p.name)}${
        p.required ? '' : '?'
      }: ${schemaType(p.schema, 'Models.')};`,
  );
  return {
    required: own.some(p => p.required),
    type: `{\n${members.join('\n')}\n}`,
  };
}

function requestType(operation) {
  const members = [];
  const pathParams = parameterGroup(operation.parameters, 'path');
  const query = parameterGroup(operation.parameters, 'query');
  const headers = parameterGroup(operation.parameters, 'header');
  if (pathParams) members.push(`path: ${pathParams.type};`);
  if (query) members.push(`query${query.required ? '' : '?'}: ${query.type};`);
  if (headers) {
    members.push(`headers${headers.required ? '' : '?'}: ${headers.type};`);
  }
  if (operation.body) {
    const type =
      operation.body.contentType === 'application/json'
        ? schemaType(operation.body.schema, 'Models.')
        : 'FormData';
    members.push(`body${operation.body.required ? '' : '?'}: ${type};`);
  }
  return `{\n${members.join('\n')}\n}`;
}

function responseType(operation) {
  if (!operation.success.json) return 'Response';
  const types = [
    ...new Set(operation.success.schemas.map(s => schemaType(s, 'Models.'))),
  ];
  return `TypedResponse<${types.join(' | ')}>`;
}

function emitMethod(operation) {
  const requestName = requestTypeName(operation);
  const pathExpression = operation.route.replace(
    /\{([^}]+)\}/g,
    (_, name) => `\${encodeURIComponent(request.path${propertyAccess(name)})}`,
  );
  const hasPath = operation.parameters.some(p => p.in === 'path');
  const hasQuery = operation.parameters.some(p => p.in === 'query');
  const hasHeaders = operation.parameters.some(p => p.in === 'header');
  const takesRequest = hasPath || hasQuery || hasHeaders || operation.body;
  const optional = takesRequest && !hasPath && !operation.body?.required;
  const parts = [];
  if (hasQuery) parts.push('query: request.query');
  if (hasHeaders) parts.push('headers: request.headers');
  if (operation.body) {
    parts.push(
      operation.body.contentType === 'application/json'
        ? 'json: request.body'
        : 'form: request.body',
    );
  }
  const doc = docComment(
    [
      `${operation.method.toUpperCase()} ${operation.route}: ${
        operation.summary ?? ''
      }`,
      operation.description,
    ]
      .filter(Boolean)
      .join('\n\n'),
  );
  const requestParam = takesRequest
    ? `request: ${requestName}${optional ? ' = {}' : ''}, `
    : '';
  return `${doc}async ${
    operation.id
  }(${requestParam}options?: RequestOptions): Promise<${responseType(
    operation,
  )}> {
    return this.send(${JSON.stringify(
      operation.method.toUpperCase(),
    )}, \`${pathExpression}\`, { ${parts.join(
    ', ',
  )} }, options) as Promise<${responseType(operation)}>;
  }`;
}

function emitClient(spec, operations) {
  const requestTypes = operations
    .filter(
      o =>
        o.parameters.some(p => ['path', 'query', 'header'].includes(p.in)) ||
        o.body,
    )
    .map(
      o =>
        `/** The request of {@link ${CLIENT_CLASS}.${
          o.id
        }}. */\nexport type ${requestTypeName(o)} = ${requestType(o)};\n`,
    )
    .join('\n');
  const pluginId = /^\/api\/([^/]+)$/.exec(spec.servers?.[0]?.url ?? '')?.[1];
  if (!pluginId) {
    throw new Error('servers[0].url must be /api/<pluginId>');
  }
  return `import type * as Models from './models';

/** Finds a plugin's base URL: Backstage's discoveryApi or DiscoveryService. */
export type DiscoveryLike = {
  getBaseUrl(pluginId: string): Promise<string>;
};

/** Sends a request: Backstage's fetchApi, or the runtime's fetch. */
export type FetchLike = {
  fetch: typeof fetch;
};

/** Per-call options of every ${CLIENT_CLASS} method. */
export type RequestOptions = {
  /** A Backstage token to send as \`Authorization: Bearer\` (backend callers). */
  token?: string;
  signal?: AbortSignal;
  credentials?: RequestCredentials;
};

/** The fetch Response, with the type of its JSON body. */
export type TypedResponse<T> = Omit<Response, 'json'> & {
  json(): Promise<T>;
};

${requestTypes}
/**
 * The videogen backend's HTTP API, one method per operation of its OpenAPI
 * document. Methods answer the fetch Response as it came (errors included),
 * so callers decide what an error status means for them.
 */
export class ${CLIENT_CLASS} {
  private readonly discoveryApi: DiscoveryLike;
  private readonly fetchApi: FetchLike;

  constructor(options: { discoveryApi: DiscoveryLike; fetchApi?: FetchLike }) {
    this.discoveryApi = options.discoveryApi;
    // The runtime's fetch is looked up at call time, so tests can replace it.
    this.fetchApi = options.fetchApi ?? {
      fetch: (input, init) => fetch(input, init),
    };
  }

${operations.map(emitMethod).join('\n\n')}

  private async send(
    method: string,
    path: string,
    parts: {
      query?: Record<string, string | number | boolean | undefined>;
      headers?: Record<string, string | undefined>;
      json?: unknown;
      form?: FormData;
    },
    options: RequestOptions = {},
  ): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl(${JSON.stringify(
      pluginId,
    )});
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(parts.query ?? {})) {
      if (value !== undefined) search.set(key, String(value));
    }
    const query = search.toString();
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(parts.headers ?? {})) {
      if (value !== undefined) headers[key] = value;
    }
    let body: string | FormData | undefined;
    if (parts.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(parts.json);
    } else if (parts.form !== undefined) {
      body = parts.form;
    }
    if (options.token) headers.Authorization = \`Bearer \${options.token}\`;
    const init: RequestInit = { method };
    if (Object.keys(headers).length > 0) init.headers = headers;
    if (body !== undefined) init.body = body;
    if (options.signal) init.signal = options.signal;
    if (options.credentials) init.credentials = options.credentials;
    return this.fetchApi.fetch(
      \`\${baseUrl}\${path}\${query ? \`?\${query}\` : ''}\`,
      init,
    );
  }
}
`;
}
