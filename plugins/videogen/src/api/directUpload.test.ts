import { createHash } from 'node:crypto';
import { ResponseError } from '@backstage/errors';
import { makeVideo } from '../__testUtils__/fixtures';
import { UploadProgress } from './VideogenApi';
import { VideogenClient } from './VideogenClient';

const BASE = 'http://backend.test/api/videogen';
const sha256 = (data: Uint8Array | string) =>
  createHash('sha256').update(data).digest('hex');

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

/** XMLHttpRequest that records the PUTs and lets the test answer them. */
class FakeXhr {
  static all: FakeXhr[] = [];
  method?: string;
  url?: string;
  headers: Record<string, string> = {};
  body?: Blob;
  aborted = false;
  status = 0;
  statusText = '';
  responseText = '';
  responseHeaders = '';
  upload: { onprogress?: (e: any) => void } = {};
  onload?: () => void;
  onerror?: () => void;
  onabort?: () => void;
  constructor() {
    FakeXhr.all.push(this);
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
  send(body: Blob) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  respond(status: number, text = '', contentType = 'application/xml') {
    this.status = status;
    this.responseText = text;
    this.responseHeaders = `content-type: ${contentType}\r\n`;
    this.onload?.();
  }
}

const originalXhr = global.XMLHttpRequest;
beforeEach(() => {
  FakeXhr.all = [];
  (global as any).XMLHttpRequest = FakeXhr;
});
afterEach(() => {
  global.XMLHttpRequest = originalXhr;
});

const photoBytes = new Uint8Array(3000).map((_, i) => (i * 31) % 256);
const photo = new File([photoBytes], 'knight.jpg', { type: 'image/jpeg' });
// Typed with CRLF and trailing spaces; declared and sent normalised.
const typed = 'I am the knight.  \r\nI guard the gate.\r\n';
const normalised = 'I am the knight.\nI guard the gate.';

const started = {
  uploadId: '0b7c4f5e-1c1d-4a57-9a43-7c1f0e5b9a11',
  expiresAt: new Date(Date.now() + 600_000).toISOString(),
  photo: {
    url: 'https://uploads.example/incoming/photo?X-Amz-Signature=abc',
    method: 'PUT',
    headers: {
      'content-type': 'image/jpeg',
      'x-amz-checksum-sha256': 'base64digest=',
    },
  },
  script: {
    url: 'https://uploads.example/incoming/script?X-Amz-Signature=def',
    method: 'PUT',
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  },
};

function setup(answers: Array<(url: string, init?: RequestInit) => Response>) {
  const fetch = jest.fn(async (url: string, init?: RequestInit) => {
    const next = answers.shift();
    if (!next) throw new Error(`unexpected request ${url}`);
    return next(url, init);
  });
  const client = new VideogenClient({
    discoveryApi: { getBaseUrl: async () => BASE },
    fetchApi: { fetch: fetch as any },
    identityApi: { getCredentials: async () => ({ token: 'user-token' }) },
  });
  return { client, fetch };
}

/** Waits until the client has issued `count` PUTs. */
async function puts(count: number): Promise<FakeXhr[]> {
  for (let i = 0; i < 1000 && FakeXhr.all.length < count; i++) {
    await new Promise(resolve => setTimeout(resolve, 0));
  }
  expect(FakeXhr.all).toHaveLength(count);
  return FakeXhr.all;
}

describe('VideogenClient.uploadDirect', () => {
  it('declares the hashes of the photo and the normalised script, and sends nothing for a known pair', async () => {
    const video = makeVideo({ dedupeHits: 2 });
    const { client, fetch } = setup([
      () =>
        json(200, {
          videoId: video.id,
          jobId: video.jobId,
          deduplicated: true,
          video,
        }),
    ]);
    const progress: UploadProgress[] = [];
    const answer = await client.uploadDirect({
      environment: 'local',
      script: typed,
      photo,
      photoName: 'knight.jpg',
      onProgress: p => progress.push(p),
    });
    expect(answer).toMatchObject({ deduplicated: true, videoId: video.id });

    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0];
    expect([init?.method, url]).toEqual(['POST', `${BASE}/uploads`]);
    expect(JSON.parse(init!.body as string)).toEqual({
      environment: 'local',
      photo: {
        sha256: sha256(photoBytes),
        size: 3000,
        contentType: 'image/jpeg',
      },
      script: {
        sha256: sha256(normalised),
        size: Buffer.byteLength(normalised),
      },
    });
    // Hashing progress only, ending with every byte; no PUT at all.
    expect(progress.every(p => p.phase === 'hashing')).toBe(true);
    expect(progress[progress.length - 1]).toEqual({
      phase: 'hashing',
      loaded: 3000 + Buffer.byteLength(normalised),
      total: 3000 + Buffer.byteLength(normalised),
    });
    expect(FakeXhr.all).toHaveLength(0);
  });

  it('PUTs both objects with exactly the signed headers, then completes', async () => {
    const video = makeVideo({ state: 'SUBMITTED' });
    const { client, fetch } = setup([
      () => json(201, started),
      () =>
        json(202, {
          videoId: video.id,
          jobId: video.jobId,
          deduplicated: false,
          video,
        }),
    ]);
    const progress: UploadProgress[] = [];
    const promise = client.uploadDirect({
      environment: 'local',
      script: typed,
      photo,
      onProgress: p => progress.push(p),
    });
    const [photoPut, scriptPut] = await puts(2);
    expect([photoPut.method, photoPut.url]).toEqual(['PUT', started.photo.url]);
    expect(photoPut.headers).toEqual(started.photo.headers);
    expect([scriptPut.method, scriptPut.url]).toEqual([
      'PUT',
      started.script.url,
    ]);
    expect(scriptPut.headers).toEqual(started.script.headers);
    // The bytes hashed are the bytes sent, with no type the browser would
    // turn into a Content-Type header of its own.
    expect(photoPut.body!.size).toBe(3000);
    expect(photoPut.body!.type).toBe('');
    expect(scriptPut.body!.size).toBe(Buffer.byteLength(normalised));

    photoPut.upload.onprogress!({
      loaded: 1500,
      total: 3000,
      lengthComputable: true,
    });
    const total = 3000 + Buffer.byteLength(normalised);
    expect(progress[progress.length - 1]).toEqual({
      phase: 'uploading',
      loaded: 1500,
      total,
    });
    photoPut.respond(200);
    scriptPut.respond(200);
    await expect(promise).resolves.toMatchObject({
      deduplicated: false,
      videoId: video.id,
    });
    expect(progress[progress.length - 1]).toEqual({
      phase: 'uploading',
      loaded: total,
      total,
    });
    expect(fetch.mock.calls[1][0]).toBe(
      `${BASE}/uploads/${started.uploadId}/complete`,
    );
    expect(fetch.mock.calls[1][1]?.method).toBe('POST');
  });

  const s3 = (code: string, message: string) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>R1</RequestId></Error>`;

  it.each([
    [
      400,
      'BadDigest',
      'The SHA256 you specified did not match the calculated checksum.',
      /Object storage refused the photo: its bytes do not match the SHA-256 the browser computed\./,
    ],
    [
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match',
      /the upload link's signature does not match the request\. Press Start to get a new link/,
    ],
    [
      403,
      'AccessDenied',
      'Request has expired',
      /The upload link for the photo expired before it was used\./,
    ],
    [
      403,
      'AccessDenied',
      'Access Denied',
      /Object storage denied access when the photo was sent\./,
    ],
    [
      403,
      'RequestTimeTooSkewed',
      'The difference between the request time and the current time is too large.',
      /this computer's clock is too far from the correct time/,
    ],
    [
      503,
      'SlowDown',
      'Please reduce your request rate.',
      /could not store the photo right now \(HTTP 503\)/,
    ],
  ])('explains a %s %s from S3', async (status, code, message, sentence) => {
    const { client, fetch } = setup([() => json(201, started)]);
    const promise = client.uploadDirect({
      environment: 'local',
      script: typed,
      photo,
    });
    const [photoPut, scriptPut] = await puts(2);
    photoPut.respond(status, s3(code, message));
    await expect(promise).rejects.toThrow(sentence);
    // The other PUT is stopped and nothing is completed.
    expect(scriptPut.aborted).toBe(true);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("passes on the local storage route's own sentence", async () => {
    const { client } = setup([() => json(201, started)]);
    const promise = client.uploadDirect({
      environment: 'local',
      script: typed,
      photo,
    });
    const [photoPut] = await puts(2);
    photoPut.respond(
      400,
      JSON.stringify({
        error: {
          name: 'InputError',
          message: 'The bytes received do not match the declared SHA-256',
        },
      }),
      'application/json',
    );
    const error = await promise.catch(e => e);
    expect(error.message).toBe(
      'Storage refused the photo: The bytes received do not match the declared SHA-256.',
    );
    expect(error.statusCode).toBe(400);
  });

  it('explains a PUT that got no answer (connection or CORS)', async () => {
    const { client } = setup([() => json(201, started)]);
    const promise = client.uploadDirect({
      environment: 'local',
      script: typed,
      photo,
    });
    const [, scriptPut] = await puts(2);
    scriptPut.onerror!();
    await expect(promise).rejects.toThrow(
      /The script could not be sent to object storage: there was no answer\..*CORS/,
    );
  });

  it("gives the backend's refusal of the completion as a ResponseError", async () => {
    const { client } = setup([
      () => json(201, started),
      () =>
        json(400, {
          error: {
            name: 'InputError',
            message: 'The photo is truncated: its image data ends early.',
          },
        }),
    ]);
    const promise = client.uploadDirect({
      environment: 'local',
      script: typed,
      photo,
    });
    const [photoPut, scriptPut] = await puts(2);
    photoPut.respond(200);
    scriptPut.respond(200);
    const error = await promise.catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(400);
    expect(error.cause.message).toMatch(/truncated/);
  });

  it('cancels the PUTs and does not complete when aborted', async () => {
    const { client, fetch } = setup([() => json(201, started)]);
    const controller = new AbortController();
    const promise = client.uploadDirect({
      environment: 'local',
      script: typed,
      photo,
      signal: controller.signal,
    });
    const [photoPut, scriptPut] = await puts(2);
    controller.abort();
    await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
    expect(photoPut.aborted && scriptPut.aborted).toBe(true);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('does not even ask the backend when cancelled while hashing', async () => {
    const { client, fetch } = setup([]);
    const controller = new AbortController();
    controller.abort();
    await expect(
      client.uploadDirect({
        environment: 'local',
        script: typed,
        photo,
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(fetch).not.toHaveBeenCalled();
  });
});
