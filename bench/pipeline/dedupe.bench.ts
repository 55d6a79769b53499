/*
 * Dedupe hit latency with 1,000,000 videos in PostgreSQL: a repeated upload
 * of the same photo + script through POST /api/videogen/videos (answered 200,
 * deduplicated) against its peer, the raw indexed statement on the same
 * table: the SELECT by the unique key, and the UPDATE ... RETURNING that the
 * pipeline actually runs for a hit.
 *
 * Needs a PostgreSQL: BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
 * (bench/pipeline/dedupe.sh starts the throwaway cluster of
 * scripts/postgres.sh and sets it). The backend is the real plugin in its own
 * process (lib/serve.ts) on that server; 1,000,000 rows (and their jobs) are
 * bulk-inserted with generate_series, then ANALYZEd.
 *
 * Usage (from the repository root):
 *   bash bench/pipeline/dedupe.sh [--requests 500] [--rows 1000000]
 */
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { fmt, percentile, ROOT, serve, timedRequest } from './lib/common';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const REQUESTS = arg('--requests', 500);
const ROWS = arg('--rows', 1_000_000);

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
      part(
        'Content-Disposition: form-data; name="photo"; filename="knight.jpg"',
        photo,
      ),
      part('Content-Disposition: form-data; name="script"', script),
      part('Content-Disposition: form-data; name="environment"', 'local'),
      Buffer.from(`--${boundary}--\r\n`),
    ]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

function summary(name: string, values: number[]) {
  return `| ${name} | ${values.length} | ${fmt(
    percentile(values, 50),
    2,
  )} | ${fmt(percentile(values, 95), 2)} | ${fmt(percentile(values, 99), 2)} |`;
}

async function main() {
  const base = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (!base) {
    throw new Error(
      'Set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING (see bench/pipeline/dedupe.sh)',
    );
  }
  const dataDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'videogen-bench-dedupe-'),
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
    const script = fs.readFileSync(
      path.join(ROOT, 'fixtures/characters/knight.txt'),
      'utf8',
    );
    const { body, contentType } = multipartBody(photo, script);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const post = () =>
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
    const first = await post();
    if (first.status !== 202) {
      throw new Error(`first upload answered ${first.status}: ${first.body}`);
    }
    const key = JSON.parse(first.body).video;

    // Warm-up, then measure.
    for (let i = 0; i < 20; i++) await post();
    const api: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const answer = await post();
      if (answer.status !== 200) {
        throw new Error(
          `dedupe upload answered ${answer.status}: ${answer.body}`,
        );
      }
      api.push(answer.ms);
    }

    const params = [
      key.environment,
      key.photoSha256,
      key.scriptSha256,
      key.generatorVersion,
    ];
    const where =
      'environment = $1 AND photo_sha256 = $2 AND script_sha256 = $3 AND generator_version = $4';
    const plan = await db.query(
      `EXPLAIN SELECT id FROM videogen_videos WHERE ${where}`,
      params,
    );
    const timed = async (sql: string) => {
      const values: number[] = [];
      for (let i = 0; i < 20 + REQUESTS; i++) {
        const start = process.hrtime.bigint();
        await db.query(sql, params);
        if (i >= 20) values.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      return values;
    };
    const select = await timed(`SELECT id FROM videogen_videos WHERE ${where}`);
    const update = await timed(
      `UPDATE videogen_videos SET dedupe_hits = dedupe_hits + 1 WHERE ${where} RETURNING id`,
    );
    const { rows } = await db.query(
      'SELECT count(*)::int AS n FROM videogen_videos',
    );

    const lines = [
      `## Dedupe hit latency (${rows[0].n.toLocaleString(
        'en',
      )} videos in PostgreSQL 15, ${REQUESTS} sequential requests)`,
      '',
      `Bulk insert of ${ROWS.toLocaleString(
        'en',
      )} videos + jobs with generate_series: ${fmt(insertSeconds, 1)} s.`,
      `Plan of the lookup: \`${plan.rows
        .map(r => r['QUERY PLAN'])
        .join(' / ')
        .trim()}\``,
      '',
      '| path | n | p50 ms | p95 ms | p99 ms |',
      '| --- | --- | --- | --- | --- |',
      summary(
        'API: POST /videos, dedupe hit (multipart 56 KB photo, SHA-256, inspection, temp write + delete, UPDATE ... RETURNING, joined read)',
        api,
      ),
      summary('peer: raw indexed SELECT by the unique key', select),
      summary(
        'peer: raw UPDATE ... RETURNING (the statement a hit runs)',
        update,
      ),
      '',
      `Ratio API / raw SELECT (p50): **${fmt(
        percentile(api, 50) / percentile(select, 50),
        1,
      )}×**; ` +
        `API / raw UPDATE (p50): **${fmt(
          percentile(api, 50) / percentile(update, 50),
          1,
        )}×**`,
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
