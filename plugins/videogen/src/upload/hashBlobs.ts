import { HashReply } from './protocol';
import { abortError, sha256OfBlob } from './sha256';

/** Bytes hashed so far across all the blobs of one call. */
export type HashProgress = { loaded: number; total: number };

export type HashBlobsOptions = {
  onProgress?: (progress: HashProgress) => void;
  signal?: AbortSignal;
  sliceBytes?: number;
  /**
   * Starts the worker; `null` hashes on the main thread. Defaults to the
   * bundled hashing worker where the browser has `Worker`.
   */
  createWorker?: (() => Worker) | null;
};

/**
 * The SHA-256 of each blob (lower-case hex, in order), hashed in a Web Worker
 * so that reading a large photo never blocks the page. Where there is no
 * Worker (unit tests in jsdom, a browser that refuses to start it) the same
 * streaming code runs on the main thread.
 */
export async function hashBlobs(
  blobs: Blob[],
  options: HashBlobsOptions = {},
): Promise<string[]> {
  const { signal } = options;
  if (signal?.aborted) throw abortError();
  const total = blobs.reduce((sum, blob) => sum + blob.size, 0);
  let done = 0;
  const report = (loadedInBlob: number) =>
    options.onProgress?.({ loaded: done + loadedInBlob, total });

  const createWorker = await workerFactory(options.createWorker);
  let worker: Worker | undefined;
  if (createWorker) {
    try {
      worker = createWorker();
    } catch {
      // A Content Security Policy without worker-src, for example: hashing
      // on the main thread is slower to the eye but gives the same digest.
      worker = undefined;
    }
  }

  const digests: string[] = [];
  try {
    for (const [index, blob] of blobs.entries()) {
      let digest: string | undefined;
      if (worker) {
        digest = await hashInWorker(worker, index, blob, report, options);
        if (digest === undefined) {
          // The worker could not start (its script failed to load).
          worker.terminate();
          worker = undefined;
        }
      }
      if (digest === undefined) {
        digest = await sha256OfBlob(blob, {
          onProgress: report,
          signal,
          sliceBytes: options.sliceBytes,
        });
      }
      digests.push(digest);
      done += blob.size;
    }
  } finally {
    worker?.terminate();
  }
  return digests;
}

async function workerFactory(
  given: HashBlobsOptions['createWorker'],
): Promise<(() => Worker) | null> {
  if (given !== undefined) return given;
  if (typeof Worker === 'undefined') return null;
  // Loaded only where Worker exists: the module's `import.meta.url` is for
  // the bundler, and the unit tests' CommonJS transform never needs it.
  const { createHashWorker } = await import('./createHashWorker');
  return createHashWorker;
}

/**
 * One blob through the worker. Resolves with the digest, or `undefined` when
 * the worker failed to start so that the caller falls back.
 */
function hashInWorker(
  worker: Worker,
  id: number,
  blob: Blob,
  report: (loaded: number) => void,
  options: HashBlobsOptions,
): Promise<string | undefined> {
  const { signal } = options;
  return new Promise<string | undefined>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    const unsubscribes: Array<() => void> = [];
    const stop = () => unsubscribes.forEach(unsubscribe => unsubscribe());
    function on<E extends Event>(
      target: EventTarget,
      type: string,
      handler: (event: E) => void,
    ) {
      const listener = handler as EventListener;
      target.addEventListener(type, listener);
      unsubscribes.push(() => target.removeEventListener(type, listener));
    }
    on(worker, 'message', (event: MessageEvent<HashReply>) => {
      const reply = event.data;
      if (reply.id !== id) return;
      if (reply.type === 'progress') {
        report(reply.loaded);
        return;
      }
      stop();
      if (reply.type === 'done') resolve(reply.sha256);
      else reject(new Error(reply.message));
    });
    on(worker, 'error', (event: ErrorEvent) => {
      event.preventDefault();
      stop();
      resolve(undefined);
    });
    if (signal) {
      on(signal, 'abort', () => {
        stop();
        // Stops the read at once; hashBlobs terminates the worker.
        reject(abortError());
      });
    }
    worker.postMessage({ id, blob, sliceBytes: options.sliceBytes });
  });
}
