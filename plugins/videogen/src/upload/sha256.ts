import { createSHA256 } from 'hash-wasm';

/**
 * Bytes read and hashed per step. Large enough that the WebAssembly call
 * overhead disappears, small enough that a 200 MiB photo never sits in memory
 * whole (one slice is read while the previous one is already released).
 */
export const HASH_SLICE_BYTES = 8 * 1024 * 1024;

/** Options of {@link sha256OfBlob}. */
export type HashOptions = {
  /** Called after every slice with the bytes of this blob hashed so far. */
  onProgress?: (loaded: number) => void;
  signal?: AbortSignal;
  /** Override the slice size (tests use a small one to see several steps). */
  sliceBytes?: number;
};

/** The error a cancelled hash rejects with (same name as fetch's). */
export function abortError(): Error {
  const error = new Error('The upload was cancelled.');
  error.name = 'AbortError';
  return error;
}

/**
 * Reads one slice of a blob. `Blob.arrayBuffer` is the normal path; an
 * environment whose Blob lacks it (jsdom in unit tests) gets FileReader.
 */
export function readSlice(blob: Blob): Promise<ArrayBuffer> {
  if (typeof blob.arrayBuffer === 'function') return blob.arrayBuffer();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () =>
      reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsArrayBuffer(blob);
  });
}

/**
 * Lower-case hex SHA-256 of a blob, read slice by slice: memory stays at one
 * slice whatever the file's size. Used inside the hashing worker and, where
 * there is no Worker, on the main thread.
 */
export async function sha256OfBlob(
  blob: Blob,
  options: HashOptions = {},
): Promise<string> {
  const { onProgress, signal } = options;
  const sliceBytes = options.sliceBytes ?? HASH_SLICE_BYTES;
  const hasher = await createSHA256();
  hasher.init();
  let offset = 0;
  while (offset < blob.size) {
    if (signal?.aborted) throw abortError();
    const end = Math.min(offset + sliceBytes, blob.size);
    let bytes: ArrayBuffer;
    try {
      bytes = await readSlice(blob.slice(offset, end));
    } catch (error) {
      throw new Error(
        `The file could not be read (${
          (error as Error)?.message ?? error
        }). It may have been moved or changed; choose it again.`,
      );
    }
    hasher.update(new Uint8Array(bytes));
    offset = end;
    onProgress?.(offset);
  }
  if (signal?.aborted) throw abortError();
  return hasher.digest('hex');
}
