import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { LocalObjectStorage } from './LocalObjectStorage';
import { assertSafeKey, storageKeys } from './keys';

async function readAll(stream: Readable | undefined): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream!) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString();
}

describe('LocalObjectStorage', () => {
  let root: string;
  let storage: LocalObjectStorage;

  beforeEach(() => {
    root = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'videogen-local-')),
      'storage',
    );
    storage = new LocalObjectStorage(root);
  });

  afterEach(() => {
    fs.rmSync(path.dirname(root), { recursive: true, force: true });
  });

  it('puts, heads, reads (whole and ranges), moves, lists and deletes objects', async () => {
    await storage.put('uploads/scripts/a.txt', 'hello world');
    await storage.put(
      'videos/v/video.mp4',
      Readable.from([Buffer.from('0123'), Buffer.from('456789')]),
    );

    expect(await storage.head('uploads/scripts/a.txt')).toMatchObject({
      sizeBytes: 11,
      contentType: 'text/plain; charset=utf-8',
    });
    expect(await readAll(await storage.read('videos/v/video.mp4'))).toBe(
      '0123456789',
    );
    expect(
      await readAll(
        await storage.read('videos/v/video.mp4', { start: 2, end: 4 }),
      ),
    ).toBe('234');
    await storage.move('uploads/scripts/a.txt', 'uploads/scripts/b.txt');
    expect(await storage.list('')).toEqual([
      'uploads/scripts/b.txt',
      'videos/v/video.mp4',
    ]);
    expect(await storage.list('videos/')).toEqual(['videos/v/video.mp4']);
    await storage.delete('uploads/scripts/b.txt');
    await storage.delete('uploads/scripts/b.txt');
    expect(await storage.head('uploads/scripts/b.txt')).toBeUndefined();
    expect(await storage.read('uploads/scripts/b.txt')).toBeUndefined();
  });

  it('writes atomically: readers never see a partial object, and a failed body leaves nothing', async () => {
    await storage.put('uploads/photos/p.jpg', 'old complete photo');
    const body = new Readable({ read() {} });
    const write = storage.put('uploads/photos/p.jpg', body);
    body.push('new partial ');
    await new Promise(resolve => setTimeout(resolve, 20));
    // Mid-write, the object is still the old one.
    expect(await readAll(await storage.read('uploads/photos/p.jpg'))).toBe(
      'old complete photo',
    );
    body.destroy(new Error('connection reset'));
    await expect(write).rejects.toThrow('connection reset');
    expect(await readAll(await storage.read('uploads/photos/p.jpg'))).toBe(
      'old complete photo',
    );
    // No staging file is left behind.
    expect(fs.readdirSync(path.join(root, '.staging'))).toEqual([]);
  });

  it.each([
    '../escape.txt',
    'uploads/../../escape.txt',
    '/etc/passwd',
    'uploads//x',
    'uploads/.hidden',
    'uploads\\..\\x',
    '',
    'uploads/x/',
  ])('refuses the unsafe key %p', async key => {
    await expect(storage.put(key, 'x')).rejects.toThrow(/unsafe storage key/);
    await expect(storage.head(key)).rejects.toThrow(/unsafe storage key/);
    await expect(storage.delete(key)).rejects.toThrow(/unsafe storage key/);
    expect(fs.existsSync(path.join(root, '..', 'escape.txt'))).toBe(false);
  });

  it('gives the generator file:// URIs inside the storage directory', () => {
    const uri = storage.uri('uploads/photos/p.jpg');
    expect(uri).toMatch(/^file:\/\//);
    expect(fileURLToPath(uri)).toBe(
      path.join(root, 'uploads', 'photos', 'p.jpg'),
    );
    expect(storage.uri('videos/v1/')).toMatch(/\/videos\/v1\/$/);
  });

  it('has no playback URL: the backend serves local files itself', async () => {
    expect(await storage.playbackUrl()).toBeUndefined();
  });
});

describe('storage keys', () => {
  it('are content-addressed and never contain user input', () => {
    const sha = 'a'.repeat(64);
    expect(storageKeys.photo(sha, 'png')).toBe(`uploads/photos/${sha}.png`);
    expect(storageKeys.script(sha)).toBe(`uploads/scripts/${sha}.txt`);
    expect(storageKeys.video('3f1c')).toBe('videos/3f1c/video.mp4');
    expect(storageKeys.poster('3f1c')).toBe('videos/3f1c/poster.jpg');
    expect(storageKeys.result('3f1c')).toBe('videos/3f1c/result.json');
    expect(storageKeys.temporaryUpload()).toMatch(
      /^uploads\/tmp\/[0-9a-f-]{36}$/,
    );
    expect(() => storageKeys.photo('../x', 'jpg')).toThrow();
    expect(() => storageKeys.video('../x')).toThrow();
  });

  it('allow a trailing slash only for prefixes', () => {
    expect(() => assertSafeKey('videos/x/', true)).not.toThrow();
    expect(() => assertSafeKey('videos/x/')).toThrow();
  });
});
