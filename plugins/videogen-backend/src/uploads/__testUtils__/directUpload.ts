import { normalizeScript } from '@videogen/plugin-videogen-common';
import { createHash } from 'node:crypto';
import http from 'node:http';
import request from 'supertest';

export const sha256 = (data: Buffer | string) =>
  createHash('sha256').update(data).digest('hex');

/** What a browser sends: the script normalised, as UTF-8 bytes. */
export function browserScript(script: Buffer | string): Buffer {
  return Buffer.from(normalizeScript(script.toString()), 'utf8');
}

export type DirectUploadInput = {
  photo: Buffer;
  /** Sent as is (a browser sends {@link browserScript} of the text). */
  script: Buffer;
  environment?: string;
  photoType?: string;
  /** Declared instead of the real values. */
  declare?: {
    photoSha256?: string;
    photoSize?: number;
    scriptSha256?: string;
    scriptSize?: number;
  };
  /** Bearer header of the user (default: the mock user). */
  auth?: string;
};

const withAuth = (req: request.Test, auth?: string) =>
  auth ? req.set('Authorization', auth) : req;

export function startUpload(server: http.Server, input: DirectUploadInput) {
  return withAuth(
    request(server)
      .post('/api/videogen/uploads')
      .send({
        environment: input.environment ?? 'local',
        photo: {
          sha256: input.declare?.photoSha256 ?? sha256(input.photo),
          size: input.declare?.photoSize ?? input.photo.length,
          contentType: input.photoType ?? 'image/jpeg',
        },
        script: {
          sha256: input.declare?.scriptSha256 ?? sha256(input.script),
          size: input.declare?.scriptSize ?? input.script.length,
        },
      }),
    input.auth,
  );
}

/** Path and query of a local storage URL, for supertest against the server. */
export const localPath = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

/** PUT to a local target (the backend's signed storage route). */
export function putLocal(
  server: http.Server,
  target: { url: string; headers: Record<string, string> },
  body: Buffer,
) {
  return request(server)
    .put(localPath(target.url))
    .set(target.headers)
    .send(body);
}

export function completeUpload(
  server: http.Server,
  uploadId: string,
  auth?: string,
) {
  return withAuth(
    request(server).post(`/api/videogen/uploads/${uploadId}/complete`),
    auth,
  );
}

/**
 * The whole browser flow in local mode: start, PUT both objects (unless the
 * start answered otherwise), complete. Returns every answer.
 */
export async function directUploadLocal(
  server: http.Server,
  input: DirectUploadInput,
) {
  const started = await startUpload(server, input);
  if (started.status !== 201) {
    return { started, final: started };
  }
  const photoPut = await putLocal(server, started.body.photo, input.photo);
  const scriptPut = await putLocal(server, started.body.script, input.script);
  const final = await completeUpload(server, started.body.uploadId, input.auth);
  return { started, photoPut, scriptPut, final };
}
