/// <reference lib="webworker" />
import { HashReply, HashRequest } from './protocol';
import { sha256OfBlob } from './sha256';

/*
 * The hashing worker: the page posts a Blob (a File is one; posting it
 * copies only a reference, not the bytes) and gets progress and the digest
 * back. Hashing here keeps the page responsive while a large photo is read.
 */
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<HashRequest>) => {
  const { id, blob, sliceBytes } = event.data;
  const reply = (message: HashReply) => scope.postMessage(message);
  try {
    const sha256 = await sha256OfBlob(blob, {
      sliceBytes,
      onProgress: loaded => reply({ id, type: 'progress', loaded }),
    });
    reply({ id, type: 'done', sha256 });
  } catch (error) {
    reply({
      id,
      type: 'error',
      message: (error as Error)?.message ?? String(error),
    });
  }
};
