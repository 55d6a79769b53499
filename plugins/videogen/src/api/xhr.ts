import { abortError } from '../upload/sha256';
import { Answer, parseResponseHeaders } from './responses';

/** Headers a page may not set; the browser sets them itself. */
const FORBIDDEN_HEADERS = new Set([
  'content-length',
  'host',
  'connection',
  'expect',
]);

/** Thrown when the request never got an answer (network, CORS, DNS). */
export class NetworkError extends Error {
  constructor() {
    super('The request did not get an answer.');
    this.name = 'NetworkError';
  }
}

/**
 * One request through `XMLHttpRequest`, the only browser API that reports
 * upload progress. Resolves with any answer (also 4xx/5xx, for the caller to
 * explain); rejects with a NetworkError when there was none and with an
 * AbortError when cancelled.
 */
export function sendWithProgress(options: {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body: XMLHttpRequestBodyInit;
  onProgress?: (loaded: number, total?: number) => void;
  signal?: AbortSignal;
}): Promise<Answer> {
  const { method, url, headers = {}, body, onProgress, signal } = options;
  return new Promise<Answer>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    for (const [name, value] of Object.entries(headers)) {
      if (!FORBIDDEN_HEADERS.has(name.toLowerCase())) {
        xhr.setRequestHeader(name, value);
      }
    }
    if (onProgress) {
      xhr.upload.onprogress = event =>
        onProgress(
          event.loaded,
          event.lengthComputable ? event.total : undefined,
        );
    }
    const onAbort = () => xhr.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);

    xhr.onload = () => {
      done();
      resolve({
        status: xhr.status,
        statusText: xhr.statusText,
        headers: parseResponseHeaders(xhr.getAllResponseHeaders()),
        url,
        text: xhr.responseText,
      });
    };
    xhr.onerror = () => {
      done();
      reject(new NetworkError());
    };
    xhr.onabort = () => {
      done();
      reject(abortError());
    };
    xhr.send(body);
  });
}
