import { ResponseError } from '@backstage/errors';
import { DEFAULT_UPLOAD_LIMITS } from '@videogen/plugin-videogen-common';
import { makeVideo } from '../__testUtils__/fixtures';
import { VideogenClient } from './VideogenClient';

const BASE = 'http://backend.test/api/videogen';

function json(status: number, body: unknown, statusText = '') {
  return new Response(JSON.stringify(body), {
    status,
    statusText,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

function setup(responder: (url: string, init?: RequestInit) => Response) {
  const fetch = jest.fn(async (url: string, init?: RequestInit) =>
    responder(url, init),
  );
  const client = new VideogenClient({
    discoveryApi: { getBaseUrl: async () => BASE },
    fetchApi: { fetch: fetch as any },
    identityApi: { getCredentials: async () => ({ token: 'user-token' }) },
  });
  return { client, fetch };
}

describe('VideogenClient', () => {
  it('calls every route under the discovered base URL', async () => {
    const { client, fetch } = setup(() => json(200, { items: [] }));
    await client.listVideos('my env');
    await client.getVideo('v/1');
    await client.listEnvironments();
    await client.getEnvironment('local');
    await client.getEnvironmentStatus('local');
    await client.listRuns('local');
    await client.getRun('r1');
    await client.getRunLog('r1', { offset: 42, waitSeconds: 20 });
    await client.getRunLog('r1', { offset: 0 });
    expect(fetch.mock.calls.map(([url, init]) => [init?.method, url])).toEqual([
      ['GET', `${BASE}/videos?environment=my+env`],
      ['GET', `${BASE}/videos/v%2F1`],
      ['GET', `${BASE}/environments`],
      ['GET', `${BASE}/environments/local`],
      ['GET', `${BASE}/environments/local/status`],
      ['GET', `${BASE}/environments/local/runs`],
      ['GET', `${BASE}/runs/r1`],
      ['GET', `${BASE}/runs/r1/log?offset=42&waitSeconds=20`],
      ['GET', `${BASE}/runs/r1/log?offset=0`],
    ]);
  });

  it('posts run requests and actions', async () => {
    const { client, fetch } = setup(() => json(202, { id: 'r2' }));
    await expect(
      client.startRun('local', {
        operation: 'destroy',
        drainTimeoutSeconds: 60,
        terminateRunningJobs: true,
      }),
    ).resolves.toEqual({ id: 'r2' });
    await client.approveRun('r2');
    await client.cancelRun('r2');
    await client.cancelVideo('v1');
    await client.forceUnlock('local', 'lock-1');
    const calls = fetch.mock.calls;
    expect(calls[0][0]).toBe(`${BASE}/environments/local/runs`);
    expect(calls[0][1]).toMatchObject({
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(JSON.parse(calls[0][1]!.body as string)).toEqual({
      operation: 'destroy',
      drainTimeoutSeconds: 60,
      terminateRunningJobs: true,
    });
    expect(calls.slice(1).map(([url, init]) => [init?.method, url])).toEqual([
      ['POST', `${BASE}/runs/r2/approve`],
      ['POST', `${BASE}/runs/r2/cancel`],
      ['POST', `${BASE}/videos/v1/cancel`],
      ['POST', `${BASE}/environments/local/force-unlock`],
    ]);
    expect(JSON.parse(calls[4][1]!.body as string)).toEqual({
      lockId: 'lock-1',
    });
  });

  it('accepts 204 answers without a body', async () => {
    const { client } = setup(() => new Response(null, { status: 204 }));
    await expect(client.cancelRun('r1')).resolves.toBeUndefined();
  });

  it("throws a ResponseError carrying the server's message", async () => {
    const { client } = setup(() =>
      json(
        409,
        {
          error: {
            name: 'ConflictError',
            message:
              'Environment local is held by apply run r9, started by user:default/alice at 10:02.',
          },
          request: { method: 'POST', url: '/environments/local/runs' },
          response: { statusCode: 409 },
        },
        'Conflict',
      ),
    );
    const error = await client
      .startRun('local', { operation: 'plan' })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(409);
    expect(error.cause.name).toBe('ConflictError');
    expect(error.cause.message).toMatch(/held by apply run r9/);
  });

  it('understands an error body without the response part', async () => {
    const { client } = setup(() =>
      json(404, {
        error: { name: 'NotFoundError', message: 'No environment "nope".' },
      }),
    );
    const error = await client.getEnvironment('nope').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.cause.message).toBe('No environment "nope".');
  });

  it('keeps a non-JSON error readable', async () => {
    const { client } = setup(
      () =>
        new Response('upstream down', {
          status: 502,
          statusText: 'Bad Gateway',
          headers: { 'content-type': 'text/plain' },
        }),
    );
    const error = await client.getEnvironmentStatus('local').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(502);
    expect(error.cause.message).toMatch(/upstream down/);
  });

  it('falls back to the default limits when the server has no /limits', async () => {
    const { client } = setup(() =>
      json(404, { error: { name: 'NotFoundError', message: 'no route' } }),
    );
    await expect(client.getLimits()).resolves.toEqual(DEFAULT_UPLOAD_LIMITS);
  });

  it('does not hide other /limits failures', async () => {
    const { client } = setup(() =>
      json(500, { error: { name: 'Error', message: 'boom' } }),
    );
    await expect(client.getLimits()).rejects.toBeInstanceOf(ResponseError);
  });

  it('sets the media cookie with credentials and reuses it until it nears expiry', async () => {
    let expiresAt = new Date(Date.now() + 3600_000).toISOString();
    const { client, fetch } = setup(() => json(200, { expiresAt }));
    const [a, b] = await Promise.all([
      client.ensureMediaAccess(),
      client.ensureMediaAccess(),
    ]);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0][0]).toBe(`${BASE}/cookie`);
    expect(fetch.mock.calls[0][1]).toMatchObject({ credentials: 'include' });
    expect(a.contentUrl('v 1')).toBe(`${BASE}/videos/v%201/content`);
    expect(b.posterUrl('v1')).toBe(`${BASE}/videos/v1/poster`);

    await client.ensureMediaAccess();
    expect(fetch).toHaveBeenCalledTimes(1);

    // A cookie about to expire is renewed.
    expiresAt = new Date(Date.now() + 30_000).toISOString();
    const { client: shortLived, fetch: fetch2 } = setup(() =>
      json(200, { expiresAt }),
    );
    await shortLived.ensureMediaAccess();
    await shortLived.ensureMediaAccess();
    expect(fetch2).toHaveBeenCalledTimes(2);
  });

  it('asks again after the cookie request failed', async () => {
    let fail = true;
    const { client, fetch } = setup(() =>
      fail
        ? json(401, { error: { name: 'AuthenticationError', message: 'no' } })
        : json(200, {
            expiresAt: new Date(Date.now() + 3600_000).toISOString(),
          }),
    );
    await expect(client.ensureMediaAccess()).rejects.toBeInstanceOf(
      ResponseError,
    );
    fail = false;
    await expect(client.ensureMediaAccess()).resolves.toBeDefined();
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});

describe('VideogenClient.uploadVideo', () => {
  class FakeXhr {
    static last: FakeXhr;
    method?: string;
    url?: string;
    headers: Record<string, string> = {};
    body?: FakeFormData;
    status = 0;
    statusText = '';
    responseText = '';
    responseHeaders = '';
    upload: { onprogress?: (e: any) => void } = {};
    onload?: () => void;
    onerror?: () => void;
    onabort?: () => void;
    constructor() {
      FakeXhr.last = this;
    }
    open(method: string, url: string) {
      this.method = method;
      this.url = url;
    }
    setRequestHeader(name: string, value: string) {
      this.headers[name] = value;
    }
    getAllResponseHeaders() {
      return this.responseHeaders;
    }
    send(body: FakeFormData) {
      this.body = body;
    }
    abort() {
      this.onabort?.();
    }
    respond(status: number, body: unknown, statusText = '') {
      this.status = status;
      this.statusText = statusText;
      this.responseText = JSON.stringify(body);
      this.responseHeaders =
        'content-type: application/json; charset=utf-8\r\n';
      this.onload?.();
    }
  }

  // jsdom's FormData only takes jsdom's own Blobs; record the parts instead.
  class FakeFormData {
    parts: Array<[string, unknown, string | undefined]> = [];
    append(name: string, value: unknown, fileName?: string) {
      this.parts.push([name, value, fileName]);
    }
  }

  const originalXhr = global.XMLHttpRequest;
  const originalFormData = global.FormData;
  beforeEach(() => {
    (global as any).XMLHttpRequest = FakeXhr;
    (global as any).FormData = FakeFormData;
  });
  afterEach(() => {
    global.XMLHttpRequest = originalXhr;
    global.FormData = originalFormData;
  });

  const photo = new File([new Uint8Array([0xff, 0xd8, 0xff])], 'knight.jpg', {
    type: 'image/jpeg',
  });

  async function started(client: VideogenClient, onProgress = jest.fn()) {
    const promise = client.uploadVideo({
      environment: 'local',
      script: 'Hello there.',
      photo,
      photoName: 'knight.jpg',
      onProgress,
    });
    // Let the client resolve the base URL and the token.
    await new Promise(resolve => setTimeout(resolve, 0));
    return { promise, xhr: FakeXhr.last, onProgress };
  }

  it('sends the fields first, then the photo, with the user token, and reports progress', async () => {
    const { client } = setup(() => json(200, {}));
    const { promise, xhr, onProgress } = await started(client);
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe(`${BASE}/videos`);
    expect(xhr.headers.Authorization).toBe('Bearer user-token');
    expect(xhr.body!.parts).toEqual([
      ['environment', 'local', undefined],
      ['script', 'Hello there.', undefined],
      ['photo', photo, 'knight.jpg'],
    ]);

    xhr.upload.onprogress!({ loaded: 50, total: 100, lengthComputable: true });
    xhr.upload.onprogress!({ loaded: 60, total: 0, lengthComputable: false });
    expect(onProgress.mock.calls).toEqual([
      [{ loaded: 50, total: 100 }],
      [{ loaded: 60, total: undefined }],
    ]);

    const video = makeVideo({ state: 'SUBMITTED' });
    xhr.respond(202, {
      videoId: video.id,
      jobId: video.jobId,
      deduplicated: false,
      video,
    });
    await expect(promise).resolves.toMatchObject({
      videoId: video.id,
      deduplicated: false,
    });
  });

  it('returns the existing video for a duplicate', async () => {
    const { client } = setup(() => json(200, {}));
    const { promise, xhr } = await started(client);
    const video = makeVideo({ dedupeHits: 1 });
    xhr.respond(200, {
      videoId: video.id,
      jobId: video.jobId,
      deduplicated: true,
      video,
    });
    await expect(promise).resolves.toMatchObject({ deduplicated: true });
  });

  it.each([
    [
      415,
      'UnsupportedMediaTypeError',
      'The photo is an SVG image; only JPEG, PNG and WebP are accepted.',
    ],
    [413, 'PayloadTooLargeError', 'The photo is larger than 20 MB.'],
    [400, 'InputError', 'The script is empty.'],
    [409, 'ConflictError', 'Environment aws-dev is not ready (PROVISIONING).'],
  ])(
    'maps a %s answer to a ResponseError with the server message',
    async (status, name, message) => {
      const { client } = setup(() => json(200, {}));
      const { promise, xhr } = await started(client);
      xhr.respond(status, { error: { name, message } });
      const error = await promise.catch(e => e);
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(status);
      expect(error.cause.message).toBe(message);
    },
  );

  it('reports a network failure and an abort', async () => {
    const { client } = setup(() => json(200, {}));
    const first = await started(client);
    first.xhr.onerror!();
    await expect(first.promise).rejects.toThrow(/did not reach the server/);

    const controller = new AbortController();
    const promise = client.uploadVideo({
      environment: 'local',
      script: 'x',
      photo,
      signal: controller.signal,
    });
    await new Promise(resolve => setTimeout(resolve, 0));
    controller.abort();
    await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
  });
});
