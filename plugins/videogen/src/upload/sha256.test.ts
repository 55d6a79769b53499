import { createHash } from 'node:crypto';
import { sha256OfBlob } from './sha256';

function bytes(size: number, seed = 7): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

const expected = (data: Uint8Array) =>
  createHash('sha256').update(data).digest('hex');

describe('sha256OfBlob', () => {
  it.each([
    ['empty', 0, 16],
    ['smaller than a slice', 10, 16],
    ['exactly one slice', 16, 16],
    ['several slices and a remainder', 1000, 64],
    ['the default slice size', 3 * 1024 + 5, undefined],
  ])('matches node:crypto for %s', async (_name, size, sliceBytes) => {
    const data = bytes(size);
    await expect(sha256OfBlob(new Blob([data]), { sliceBytes })).resolves.toBe(
      expected(data),
    );
  });

  it('reports progress after every slice, ending at the size', async () => {
    const onProgress = jest.fn();
    await sha256OfBlob(new Blob([bytes(100)]), { sliceBytes: 32, onProgress });
    expect(onProgress.mock.calls.map(([loaded]) => loaded)).toEqual([
      32, 64, 96, 100,
    ]);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const promise = sha256OfBlob(new Blob([bytes(1000)]), {
      sliceBytes: 10,
      signal: controller.signal,
      onProgress: loaded => {
        if (loaded >= 50) controller.abort();
      },
    });
    await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('says so in a sentence when the file cannot be read', async () => {
    const unreadable = {
      size: 10,
      slice: () => ({
        arrayBuffer: () => Promise.reject(new Error('NotReadableError')),
      }),
    } as unknown as Blob;
    await expect(sha256OfBlob(unreadable)).rejects.toThrow(
      /could not be read \(NotReadableError\)\. It may have been moved or changed; choose it again\./,
    );
  });
});
