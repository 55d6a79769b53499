/*
 * The setting of the dedupe benchmarks (bench/pipeline/dedupe.bench.ts,
 * bench/uploads/dedupe.bench.ts): the real plugin in its own process
 * (serve.ts) on the PostgreSQL of
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING (started by the
 * benchmark's dedupe.sh, see postgres.sh), with `rows` videos (and their
 * jobs) bulk-inserted with generate_series, then ANALYZEd.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { ROOT, serve, Served } from './common';

export type SeededBackend = {
  served: Served;
  /** A connection to the plugin's database. */
  db: Client;
  /** Seconds the bulk insert and ANALYZE took. */
  insertSeconds: number;
};

/**
 * Starts the backend on PostgreSQL, seeds it, runs `measure`, then stops the
 * backend and deletes its data directory (also when something fails).
 */
export async function withSeededBackend(
  options: {
    /** The script that sets the connection string, for the error message. */
    runner: string;
    /** Prefix of the backend's temporary data directory. */
    tmpPrefix: string;
    rows: number;
  },
  measure: (backend: SeededBackend) => Promise<void>,
): Promise<void> {
  const base = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (!base) {
    throw new Error(
      `Set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING (see ${options.runner})`,
    );
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), options.tmpPrefix));
  const served = await serve({
    backend: { database: { client: 'pg', connection: base } },
    videogen: {
      dataDir,
      generator: { version: 'bench' },
      queue: { local: { workers: 0 } },
    },
  });
  const db = new Client({
    connectionString: `${base}/backstage_plugin_videogen`,
  });
  await db.connect();
  try {
    const insertStart = Date.now();
    await db.query(
      `INSERT INTO videogen_videos (id, environment, photo_sha256, script_sha256, generator_version,
         photo_key, photo_type, photo_size_bytes, photo_width, photo_height, script_key, job_id,
         dedupe_hits, created_by, created_at, updated_at)
       SELECT md5(g || 'v')::uuid::text, 'local', encode(sha256(('p' || g)::bytea), 'hex'),
         encode(sha256(('s' || g)::bytea), 'hex'), 'bench', 'uploads/photos/x.jpg', 'image/jpeg',
         1000, 10, 10, 'uploads/scripts/x.txt', md5(g || 'j')::uuid::text, 0, 'user:default/bench',
         now() - make_interval(secs => g), now()
       FROM generate_series(1, $1::int) g`,
      [options.rows],
    );
    await db.query(
      `INSERT INTO videogen_jobs (id, video_id, environment, queue, state, attempts, max_attempts,
         created_at, updated_at, finished_at)
       SELECT md5(g || 'j')::uuid::text, md5(g || 'v')::uuid::text, 'local', 'local', 'SUCCEEDED',
         1, 3, now(), now(), now()
       FROM generate_series(1, $1::int) g`,
      [options.rows],
    );
    await db.query('ANALYZE videogen_videos; ANALYZE videogen_jobs');
    const insertSeconds = (Date.now() - insertStart) / 1000;
    await measure({ served, db, insertSeconds });
  } finally {
    await db.end();
    await served.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The knight of fixtures/characters: its photo and its script as written. */
export function knight(): { photo: Buffer; script: string } {
  return {
    photo: fs.readFileSync(path.join(ROOT, 'fixtures/characters/knight.jpg')),
    script: fs.readFileSync(
      path.join(ROOT, 'fixtures/characters/knight.txt'),
      'utf8',
    ),
  };
}
