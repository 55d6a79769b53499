import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Knex } from 'knex';
import { migrateDatabase } from '../../database/migrations';
import { JobStore } from '../../queue/JobStore';
import { LocalObjectStorage, ObjectStorage, storageKeys } from '../../storage';
import { VideoRepository } from '../VideoRepository';

export const FAKE_WORKER = path.resolve(
  __dirname,
  '../../queue/__fixtures__/fake-worker.js',
);

/** The fake generator as a `videogen.worker.command`, with knobs. */
export function fakeWorkerCommand(...knobs: string[]): string[] {
  return [process.execPath, FAKE_WORKER, ...knobs];
}

/** What a child process needs and nothing else. */
export function workerEnv(): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin' };
}

const created: string[] = [];

// Registered when a test file imports this module (hooks cannot be added
// from inside a test): the file's temporary directories go with it.
afterAll(() => {
  for (const dir of created.splice(0)) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** A temporary directory, removed after the test file. */
export function tempDir(prefix = 'videogen-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export async function migrated(knex: Knex): Promise<Knex> {
  await migrateDatabase(knex);
  await knex('videogen_environments')
    .insert({
      name: 'local',
      target: 'local',
      region: 'local',
      built_in: true,
      status: 'READY',
      created_by: 'test',
    })
    .onConflict('name')
    .ignore();
  return knex;
}

const sha256 = (data: Buffer | string) =>
  createHash('sha256').update(data).digest('hex');

/**
 * Stores a photo and a script and inserts a video with its SUBMITTED job,
 * the way the upload route does.
 */
export async function seedVideo(
  knex: Knex,
  storage: ObjectStorage,
  options: {
    environment?: string;
    label?: string;
    maxAttempts?: number;
    queue?: 'local' | 'batch';
  } = {},
) {
  const label = options.label ?? randomUUID();
  const photo = Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff]),
    Buffer.from(label),
  ]);
  const script = `Hello from ${label}.`;
  const photoSha = sha256(photo);
  const scriptSha = sha256(script);
  const photoKey = storageKeys.photo(photoSha, 'jpg');
  const scriptKey = storageKeys.script(scriptSha);
  await storage.put(photoKey, photo);
  await storage.put(scriptKey, script);
  const videoId = randomUUID();
  const jobId = randomUUID();
  const now = new Date();
  const videos = new VideoRepository(knex);
  const { video } = await videos.insertOrGet(
    {
      id: videoId,
      environment: options.environment ?? 'local',
      photoSha256: photoSha,
      scriptSha256: scriptSha,
      generatorVersion: 'test-1',
      photoKey,
      photoType: 'image/jpeg',
      photoSizeBytes: photo.length,
      photoWidth: 10,
      photoHeight: 10,
      scriptKey,
      jobId,
      createdBy: 'user:default/test',
      createdAt: now,
    },
    {
      id: jobId,
      videoId,
      environment: options.environment ?? 'local',
      queue: options.queue ?? 'local',
      maxAttempts: options.maxAttempts ?? 3,
      now,
    },
  );
  const job = (await new JobStore(knex).get(jobId))!;
  return { video, job, label };
}

export function localStorage(): LocalObjectStorage {
  return new LocalObjectStorage(path.join(tempDir(), 'storage'));
}

/** Polls `check` until it returns a truthy value. */
export async function waitFor<T>(
  check: () => Promise<T> | T,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  let last: T | undefined;
  for (;;) {
    last = await check();
    if (last) {
      return last as NonNullable<T>;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out waiting for ${
          options.what ?? 'a condition'
        } (last value ${JSON.stringify(last)})`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, options.intervalMs ?? 25));
  }
}

export function readLog(file: string): string[][] {
  return fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map(line => line.split(' '))
    : [];
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
