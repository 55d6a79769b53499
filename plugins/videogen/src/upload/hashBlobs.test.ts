import { createHash } from 'node:crypto';
import { hashBlobs } from './hashBlobs';

const sha256 = (data: Uint8Array) =>
  createHash('sha256').update(data).digest('hex');

const a = new Uint8Array(100).map((_, i) => i);
const b = new Uint8Array(30).map((_, i) => 255 - i);

/** A worker whose script failed to load: the browser fires `error`. */
class UnloadableWorker extends EventTarget {
  terminated = false;
  postMessage() {
    setTimeout(() => this.dispatchEvent(new Event('error')), 0);
  }
  terminate() {
    this.terminated = true;
  }
}

describe('hashBlobs', () => {
  it('hashes on the main thread where there is no Worker, with progress over all blobs', async () => {
    expect(typeof (global as any).Worker).toBe('undefined');
    const progress: Array<[number, number]> = [];
    const digests = await hashBlobs([new Blob([a]), new Blob([b])], {
      sliceBytes: 40,
      onProgress: p => progress.push([p.loaded, p.total]),
    });
    expect(digests).toEqual([sha256(a), sha256(b)]);
    expect(progress).toEqual([
      [40, 130],
      [80, 130],
      [100, 130],
      [130, 130],
    ]);
  });

  it('falls back to the main thread when the worker cannot start', async () => {
    const worker = new UnloadableWorker();
    await expect(
      hashBlobs([new Blob([a]), new Blob([b])], {
        createWorker: () => worker as unknown as Worker,
      }),
    ).resolves.toEqual([sha256(a), sha256(b)]);
    expect(worker.terminated).toBe(true);

    await expect(
      hashBlobs([new Blob([a])], {
        createWorker: () => {
          throw new Error('Refused by the Content Security Policy');
        },
      }),
    ).resolves.toEqual([sha256(a)]);
  });

  it('rejects at once when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      hashBlobs([new Blob([a])], { signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });
});
