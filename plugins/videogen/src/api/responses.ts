import { ResponseError } from '@backstage/errors';

/** A finished HTTP exchange, from fetch or from XMLHttpRequest. */
export type Answer = {
  status: number;
  statusText: string;
  headers: Headers;
  url: string;
  text: string;
};

export function parseResponseHeaders(raw: string): Headers {
  const headers = new Headers();
  for (const line of raw.trim().split(/[\r\n]+/)) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
    }
  }
  return headers;
}

/** The JSON body of a successful fetch answer; a ResponseError otherwise. */
export async function readJsonAnswer<T>(answer: Promise<Response>): Promise<T> {
  const response = await answer;
  if (!response.ok) {
    throw await toResponseError({
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      url: response.url,
      text: await response.text().catch(() => ''),
    });
  }
  if (response.status === 204) {
    return undefined as T;
  }
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * Builds a `ResponseError` from a failed answer. Backstage's error body is
 * `{ error, request, response }`; a body with only `{ error }` is completed so
 * that the server's message still becomes the error's cause instead of being
 * quoted as raw JSON.
 */
export async function toResponseError(answer: Answer): Promise<ResponseError> {
  let text = answer.text;
  const headers = new Headers(answer.headers);
  if (headers.get('content-type')?.includes('json')) {
    try {
      const body = JSON.parse(text);
      if (body && typeof body.error === 'object' && !body.response) {
        text = JSON.stringify({
          ...body,
          response: { statusCode: answer.status },
        });
      }
      headers.set('content-type', 'application/json');
    } catch {
      // Not JSON after all: ResponseError quotes the text.
    }
  }
  return ResponseError.fromResponse({
    headers,
    ok: false,
    redirected: false,
    status: answer.status,
    statusText: answer.statusText,
    type: 'basic',
    url: answer.url,
    text: async () => text,
  });
}
