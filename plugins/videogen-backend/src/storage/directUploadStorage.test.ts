import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalObjectStorage } from './LocalObjectStorage';
import { storageKeys } from './keys';

const ID = '0b6f9a8e-1111-4222-8333-944455556666';

function files(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map(entry => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe('LocalObjectStorage for direct uploads', () => {
  let root: string;
  let storage: LocalObjectStorage;

  beforeEach(() => {
    root = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'videogen-direct-')),
      'storage',
    );
    storage = new LocalObjectStorage(root);
  });
  afterEach(() => {
    fs.rmSync(path.dirname(root), { recursive: true, force: true });
  });

  it('stores chunks in batched writes, byte for byte, under the incoming key', async () => {
    const pieces = Array.from({ length: 150 }, () => randomBytes(64 * 1024));
    async function* body() {
      yield* pieces;
    }
    const key = storageKeys.incoming(ID, 'photo');
    expect(key).toBe(`uploads/incoming/${ID}/photo`);
    expect(await storage.putChunks(key, body())).toEqual({
      sizeBytes: 150 * 64 * 1024,
    });
    expect(
      fs.readFileSync(path.join(root, key)).equals(Buffer.concat(pieces)),
    ).toBe(true);
    expect(files(root)).toEqual([key]);
  });

  it('leaves nothing, staging included, when the chunks stop with an error, and rejects with it', async () => {
    async function* refused() {
      yield randomBytes(5 * 1024 * 1024);
      throw new Error('The photo sent is longer than declared.');
    }
    await expect(
      storage.putChunks(storageKeys.incoming(ID, 'photo'), refused()),
    ).rejects.toThrow('longer than declared');
    expect(files(root)).toEqual([]);
  });

  it('sweeps incoming objects last written before the cut-off and their empty folders, and keeps newer ones', async () => {
    const old = storageKeys.incoming(ID, 'photo');
    const fresh = storageKeys.incoming(
      '1c2d3e4f-1111-4222-8333-944455556666',
      'script',
    );
    await storage.put(old, 'old bytes');
    await storage.put(fresh, 'new bytes');
    const past = new Date(Date.now() - 3_600_000);
    fs.utimesSync(path.join(root, old), past, past);

    expect(await storage.sweepStaging(new Date(Date.now() - 60_000))).toBe(1);
    expect(await storage.list('uploads/incoming/')).toEqual([fresh]);
    expect(fs.existsSync(path.join(root, 'uploads/incoming', ID))).toBe(false);
  });

  it('removes an upload folder with its last object', async () => {
    await storage.put(storageKeys.incoming(ID, 'photo'), 'p');
    await storage.put(storageKeys.incoming(ID, 'script'), 's');
    await storage.delete(storageKeys.incoming(ID, 'photo'));
    expect(fs.existsSync(path.join(root, 'uploads/incoming', ID))).toBe(true);
    await storage.delete(storageKeys.incoming(ID, 'script'));
    expect(fs.existsSync(path.join(root, 'uploads/incoming', ID))).toBe(false);
  });
});
