import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { assertSafeKey } from './keys';
import { ByteRange, ObjectStorage, PutOptions, StoredObject } from './types';

// Partially written objects live here until they are renamed into place; the
// name starts with a dot, so no key can ever address it.
const STAGING_DIR = '.staging';
/** Bytes gathered before one file write (see putChunks). */
const WRITE_BATCH_BYTES = 4 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Objects as files below one directory (`<videogen.dataDir>/storage`).
 * Writes are atomic (written to a staging file, then renamed), and keys are
 * checked so that no key can reach outside the directory.
 */
export class LocalObjectStorage implements ObjectStorage {
  readonly kind = 'local' as const;
  private readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private pathOf(key: string, allowPrefix = false): string {
    assertSafeKey(key, allowPrefix);
    const resolved = path.resolve(this.root, ...key.split('/').filter(Boolean));
    // assertSafeKey already refuses "..", this is the belt to its braces.
    if (!resolved.startsWith(this.root + path.sep)) {
      throw new Error(`Refusing storage key outside the storage directory`);
    }
    return resolved;
  }

  async put(
    key: string,
    body: Readable | Buffer | string,
    _options?: PutOptions,
  ): Promise<{ sizeBytes: number }> {
    const target = this.pathOf(key);
    const stagingDir = path.join(this.root, STAGING_DIR);
    await fs.promises.mkdir(stagingDir, { recursive: true });
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const staging = path.join(stagingDir, randomUUID());
    let file: fs.WriteStream | undefined;
    try {
      if (typeof body === 'string' || Buffer.isBuffer(body)) {
        await fs.promises.writeFile(staging, body, { flag: 'wx' });
      } else {
        file = fs.createWriteStream(staging, { flags: 'wx' });
        await pipeline(body, file);
      }
      const { size } = await fs.promises.stat(staging);
      await fs.promises.rename(staging, target);
      return { sizeBytes: size };
    } catch (error) {
      // A body that fails while the file is still being opened leaves a
      // file that appears only after the failure: remove it once closed.
      if (file && !file.closed) {
        await new Promise(resolve => file!.once('close', resolve));
      }
      await fs.promises.rm(staging, { force: true });
      throw error;
    }
  }

  /**
   * Stores what `chunks` yields, in writes of up to 4 MiB (a request body
   * arrives in 64 KiB pieces; a file write per piece would cost more than
   * the hashing its consumer does meanwhile). Atomic like {@link put}: when
   * the iteration throws (a refused body), nothing is left and the promise
   * rejects with that error.
   */
  async putChunks(
    key: string,
    chunks: AsyncIterable<Buffer>,
  ): Promise<{ sizeBytes: number }> {
    const target = this.pathOf(key);
    const stagingDir = path.join(this.root, STAGING_DIR);
    await fs.promises.mkdir(stagingDir, { recursive: true });
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const staging = path.join(stagingDir, randomUUID());
    const file = await fs.promises.open(staging, 'wx');
    let size = 0;
    let writing: Promise<unknown> = Promise.resolve();
    try {
      let batch: Buffer[] = [];
      let batchBytes = 0;
      for await (const chunk of chunks) {
        batch.push(chunk);
        batchBytes += chunk.length;
        if (batchBytes >= WRITE_BATCH_BYTES) {
          // One write in flight while the next batch is read and hashed.
          await writing;
          writing = file.writev(batch);
          // Awaited before the next write or in the clean-up below.
          writing.catch(() => undefined);
          size += batchBytes;
          batch = [];
          batchBytes = 0;
        }
      }
      await writing;
      if (batchBytes > 0) {
        await file.writev(batch);
        size += batchBytes;
      }
      await file.close();
      await fs.promises.rename(staging, target);
      return { sizeBytes: size };
    } catch (error) {
      await writing.catch(() => undefined);
      await file.close().catch(() => undefined);
      await fs.promises.rm(staging, { force: true });
      throw error;
    }
  }

  async head(key: string): Promise<StoredObject | undefined> {
    try {
      const stat = await fs.promises.stat(this.pathOf(key));
      if (!stat.isFile()) {
        return undefined;
      }
      return {
        key,
        sizeBytes: stat.size,
        contentType: CONTENT_TYPES[path.extname(key)],
        lastModified: stat.mtime,
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return undefined;
      }
      throw error;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable | undefined> {
    const file = this.pathOf(key);
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return undefined;
      }
      throw error;
    }
    return handle.createReadStream(
      range ? { start: range.start, end: range.end } : {},
    );
  }

  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    await fs.promises.rm(file, { force: true });
    // A direct upload's folder goes with its last object.
    if (key.startsWith('uploads/incoming/')) {
      await fs.promises.rmdir(path.dirname(file)).catch(() => undefined);
    }
  }

  async move(fromKey: string, toKey: string): Promise<void> {
    const from = this.pathOf(fromKey);
    const to = this.pathOf(toKey);
    await fs.promises.mkdir(path.dirname(to), { recursive: true });
    await fs.promises.rename(from, to);
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    const walk = async (dir: string, keyPrefix: string) => {
      let entries: fs.Dirent[];
      try {
        entries = await fs.promises.readdir(dir, { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          return;
        }
        throw error;
      }
      for (const entry of entries) {
        // Dot entries are staging areas (ours and the generator's).
        if (entry.name.startsWith('.')) {
          continue;
        }
        const key = `${keyPrefix}${entry.name}`;
        if (entry.isDirectory()) {
          await walk(path.join(dir, entry.name), `${key}/`);
        } else if (key.startsWith(prefix)) {
          keys.push(key);
        }
      }
    };
    await walk(this.root, '');
    return keys.filter(key => key.startsWith(prefix)).sort();
  }

  /**
   * Removes what interrupted writes left behind (a crash mid-upload): staging
   * files and temporary uploads last written before `olderThan`. Returns how
   * many it removed. Writes in progress keep touching their file, and a
   * stalled upload is ended long before it gets this old.
   */
  async sweepStaging(olderThan: Date): Promise<number> {
    let removed = 0;
    for (const dir of [
      path.join(this.root, STAGING_DIR),
      path.join(this.root, 'uploads', 'tmp'),
    ]) {
      let names: string[];
      try {
        names = await fs.promises.readdir(dir);
      } catch {
        continue;
      }
      for (const name of names) {
        const file = path.join(dir, name);
        try {
          const stat = await fs.promises.lstat(file);
          if (stat.isFile() && stat.mtime < olderThan) {
            await fs.promises.rm(file, { force: true });
            removed += 1;
          }
        } catch {
          // Renamed into place or removed meanwhile.
        }
      }
    }
    return removed + (await this.sweepIncoming(olderThan));
  }

  /**
   * Direct uploads' objects (`uploads/incoming/<id>/<part>`) last written
   * before `olderThan`, and the folders they leave empty: what an upload
   * whose row is gone (a crash, a failed clean-up) left behind. Uploads
   * with a row are removed with it when they expire (uploads/sweeper.ts).
   */
  private async sweepIncoming(olderThan: Date): Promise<number> {
    const incoming = path.join(this.root, 'uploads', 'incoming');
    let removed = 0;
    let uploads: string[];
    try {
      uploads = await fs.promises.readdir(incoming);
    } catch {
      return 0;
    }
    for (const upload of uploads) {
      const dir = path.join(incoming, upload);
      try {
        for (const name of await fs.promises.readdir(dir)) {
          const file = path.join(dir, name);
          const stat = await fs.promises.lstat(file);
          if (stat.isFile() && stat.mtime < olderThan) {
            await fs.promises.rm(file, { force: true });
            removed += 1;
          }
        }
        // Only removes the folder when it is empty.
        await fs.promises.rmdir(dir);
      } catch {
        // Not empty (an upload in progress), or removed meanwhile.
      }
    }
    return removed;
  }

  uri(key: string): string {
    const isPrefix = key.endsWith('/');
    const href = pathToFileURL(this.pathOf(key, true)).href;
    return isPrefix ? `${href}/` : href;
  }

  async playbackUrl(): Promise<string | undefined> {
    return undefined;
  }
}
