import {
  normalizeScript,
  UploadVideoResponse,
  VideogenHttp,
  VideogenHttpClient,
} from '@videogen/plugin-videogen-common';
import { hashBlobs, HashBlobsOptions } from '../upload';
import { readJsonAnswer } from './responses';
import {
  describeNoAnswer,
  describeStorageAnswer,
  ObjectLabel,
} from './storageErrors';
import { UploadVideoRequest } from './VideogenApi';
import { NetworkError, sendWithProgress } from './xhr';

/** The hasher; tests may give one that runs without a Worker. */
export type Hasher = (
  blobs: Blob[],
  options: HashBlobsOptions,
) => Promise<string[]>;

type StartUploadResponse = VideogenHttp.StartUploadResponse;
type UploadTarget = VideogenHttp.UploadTarget;

const EXTENSION_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

function contentTypeOf(request: UploadVideoRequest): string {
  const type = request.photo.type;
  if (type) return type;
  // Some systems give no type for a .webp; the server checks the magic
  // bytes anyway.
  const extension = request.photoName?.split('.').pop()?.toLowerCase() ?? '';
  return EXTENSION_TYPES[extension] ?? 'application/octet-stream';
}

function isStarted(
  answer: UploadVideoResponse | StartUploadResponse,
): answer is StartUploadResponse {
  return typeof (answer as StartUploadResponse).uploadId === 'string';
}

/**
 * The direct upload (see {@link VideogenApi.uploadDirect}): hash, ask, send
 * the bytes straight to storage, complete.
 */
export async function uploadDirect(
  http: VideogenHttpClient,
  request: UploadVideoRequest,
  hash: Hasher = hashBlobs,
): Promise<UploadVideoResponse> {
  const { environment, onProgress, signal } = request;
  // The server hashes the normalised script's UTF-8 bytes for the dedupe key,
  // so those are the bytes declared and sent.
  const scriptBytes = new TextEncoder().encode(normalizeScript(request.script));
  // Without a type, the browser adds no Content-Type of its own to the PUT:
  // only the headers the server signed are sent.
  const photo = request.photo.slice(0, request.photo.size);
  const script = new Blob([scriptBytes]);

  const [photoSha256, scriptSha256] = await hash([photo, script], {
    signal,
    onProgress: ({ loaded, total }) =>
      onProgress?.({ phase: 'hashing', loaded, total }),
  });

  const started = await readJsonAnswer<
    UploadVideoResponse | StartUploadResponse
  >(
    http.startUpload(
      {
        body: {
          environment,
          photo: {
            sha256: photoSha256,
            size: photo.size,
            contentType: contentTypeOf(request),
          },
          script: { sha256: scriptSha256, size: script.size },
        },
      },
      { signal },
    ),
  );
  // A known pair: the existing video, and not one byte sent.
  if (!isStarted(started)) return started;

  const total = photo.size + script.size;
  const loaded = { photo: 0, script: 0 };
  const report = () =>
    onProgress?.({
      phase: 'uploading',
      loaded: loaded.photo + loaded.script,
      total,
    });
  report();
  // One failed PUT stops the other: the upload has failed either way.
  const both = new AbortController();
  const onAbort = () => both.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.all([
      put(started.photo, photo, 'photo', started.expiresAt, both.signal, n => {
        loaded.photo = n;
        report();
      }),
      put(
        started.script,
        script,
        'script',
        started.expiresAt,
        both.signal,
        n => {
          loaded.script = n;
          report();
        },
      ),
    ]);
  } catch (error) {
    // Promise.all rejected with the first failure; stop the other PUT.
    both.abort();
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }

  return readJsonAnswer<UploadVideoResponse>(
    http.completeUpload({ path: { uploadId: started.uploadId } }, { signal }),
  );
}

async function put(
  target: UploadTarget,
  body: Blob,
  object: ObjectLabel,
  expiresAt: string,
  signal: AbortSignal,
  onLoaded: (loaded: number) => void,
): Promise<void> {
  let answer;
  try {
    answer = await sendWithProgress({
      method: target.method ?? 'PUT',
      url: target.url,
      // Exactly the headers given: in aws mode they are part of the
      // signature. No Backstage token: the URL itself is the permission.
      headers: target.headers,
      body,
      signal,
      onProgress: n => onLoaded(Math.min(n, body.size)),
    });
  } catch (error) {
    if (error instanceof NetworkError) throw describeNoAnswer(object);
    throw error;
  }
  if (answer.status >= 200 && answer.status < 300) {
    onLoaded(body.size);
    return;
  }
  const expired = Date.now() >= Date.parse(expiresAt);
  throw describeStorageAnswer(answer, object, expired);
}
