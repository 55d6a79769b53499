/*
 * Dedupe hit through the direct-upload start, with 1,000,000 videos in
 * PostgreSQL: POST /api/videogen/uploads with the hashes of a known pair
 * (answered 200, deduplicated: no URL, no byte of the photo sent) against
 * the multipart route's dedupe hit (POST /videos, the whole 56 KB photo
 * sent, hashed and inspected), alternating in the same run on the same
 * backend and table. Seeding as in bench/pipeline/dedupe.bench.ts.
 *
 * Usage (from the repository root):
 *   bash bench/uploads/dedupe.sh [--requests 500] [--rows 1000000]
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { normalizeScript } from '@videogen/plugin-videogen-common';
import {
  fmt,
  percentile,
  ROOT,
  serve,
  timedRequest,
} from '../pipeline/lib/common';
import { jsonRequest, loadAverage } from './lib';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const REQUESTS = arg('--requests', 500);
const ROWS = arg('--rows', 1_000_000);
const sha256 = (data: Buffer) =>
  createHash('sha256').update(data).digest('hex');

function multipartBody(photo: Buffer, script: string) {
  const boundary = '----videogen-bench';
  const part = (headers: string, data: Buffer | string) =>
    Buffer.concat([
      Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`),
      Buffer.from(data),
      Buffer.from('\r\n'),
    ]);
  return {
    body: Buffer.concat([
      part('Content-Disposition: form-data; name="environment"', 'local'),
      part('Content-Disposition: form-data; name="script"', script),
      part(
        'Content-Disposition: form-data; name="photo"; filename="knight.jpg"',
        photo,
      ),
      Buffer.from(`--${boundary}--\r\n`),
    ]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

const row = (name: string, values: number[]) =>
  `| ${name} | ${values.length} | ${fmt(percentile(values, 50), 2)} | ${fmt(
    percentile(values, 95),
    2,
  )} | ${fmt(percentile(values, 99), 2)} |`;

async function main() {
  const base = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (!base) {
    throw new Error(
      'Set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING (see bench/uploads/dedupe.sh)',
    );
  }
  const loadBefore = loadAverage();
  const dataDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'videogen-bench-direct-dedupe-'),
  );
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
      [ROWS],
    );
    await db.query(
      `INSERT INTO videogen_jobs (id, video_id, environment, queue, state, attempts, max_attempts,
         created_at, updated_at, finished_at)
       SELECT md5(g || 'j')::uuid::text, md5(g || 'v')::uuid::text, 'local', 'local', 'SUCCEEDED',
         1, 3, now(), now(), now()
       FROM generate_series(1, $1::int) g`,
      [ROWS],
    );
    await db.query('ANALYZE videogen_videos; ANALYZE videogen_jobs');
    const insertSeconds = (Date.now() - insertStart) / 1000;

    const photo = fs.readFileSync(
      path.join(ROOT, 'fixtures/characters/knight.jpg'),
    );
    const scriptText = fs.readFileSync(
      path.join(ROOT, 'fixtures/characters/knight.txt'),
      'utf8',
    );
    const script = Buffer.from(normalizeScript(scriptText), 'utf8');
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const { body, contentType } = multipartBody(photo, scriptText);
    const multipart = () =>
      timedRequest(
        `${served.url}/api/videogen/videos`,
        {
          method: 'POST',
          headers: {
            'Content-Type': contentType,
            'Content-Length': body.length,
          },
          body,
        },
        agent,
      );
    const start = () =>
      jsonRequest(
        `${served.url}/api/videogen/uploads`,
        'POST',
        {
          environment: 'local',
          photo: {
            sha256: sha256(photo),
            size: photo.length,
            contentType: 'image/jpeg',
          },
          script: { sha256: sha256(script), size: script.length },
        },
        agent,
      );

    const first = await multipart();
    if (first.status !== 202)
      throw new Error(`first upload: ${first.status} ${first.body}`);
    for (let i = 0; i < 20; i++) {
      await multipart();
      await start();
    }
    const direct: number[] = [];
    const viaMultipart: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const a = await start();
      if (a.status !== 200 || !a.body.deduplicated)
        throw new Error(`start answered ${a.status}`);
      direct.push(a.ms);
      const b = await multipart();
      if (b.status !== 200) throw new Error(`multipart answered ${b.status}`);
      viaMultipart.push(b.ms);
    }
    const { rows } = await db.query(
      'SELECT count(*)::int AS n FROM videogen_videos',
    );
    const ratio = percentile(viaMultipart, 95) / percentile(direct, 95);
    const lines = [
      `### (a) Dedupe hit with ${rows[0].n.toLocaleString(
        'en',
      )} videos in PostgreSQL 15 (${REQUESTS} alternating sequential requests each)`,
      '',
      `Load average before: \`${loadBefore}\`; after: \`${loadAverage()}\`. Bulk insert ${fmt(
        insertSeconds,
        1,
      )} s.`,
      '',
      '| path | n | p50 ms | p95 ms | p99 ms |',
      '| --- | --- | --- | --- | --- |',
      row(
        'POST /uploads (hashes only: 0 photo bytes sent) → 200 deduplicated',
        direct,
      ),
      row(
        `peer: POST /videos multipart dedupe hit (${photo.length} B photo sent, hashed, inspected)`,
        viaMultipart,
      ),
      '',
      `p95 multipart / p95 direct start: **${fmt(
        ratio,
        1,
      )}×**; photo bytes sent per hit: 0 vs ${photo.length}.`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await db.end();
    await served.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
