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
import http from 'node:http';
import { normalizeScript } from '@videogen/plugin-videogen-common';
import {
  arg,
  fmt,
  jsonRequest,
  latencyRow,
  loadAverage,
  percentile,
} from '../lib/common';
import { knight, withSeededBackend } from '../lib/dedupe';
import { multipartBody, postMultipart } from '../lib/uploads';

const REQUESTS = arg('--requests', 500);
const ROWS = arg('--rows', 1_000_000);
const sha256 = (data: Buffer) =>
  createHash('sha256').update(data).digest('hex');

async function main() {
  const loadBefore = loadAverage();
  await withSeededBackend(
    {
      runner: 'bench/uploads/dedupe.sh',
      tmpPrefix: 'videogen-bench-direct-dedupe-',
      rows: ROWS,
    },
    async ({ served, db, insertSeconds }) => {
      const { photo, script: scriptText } = knight();
      const script = Buffer.from(normalizeScript(scriptText), 'utf8');
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const upload = multipartBody([
        { name: 'environment', data: 'local' },
        { name: 'script', data: scriptText },
        { name: 'photo', filename: 'knight.jpg', data: photo },
      ]);
      const multipart = () =>
        postMultipart(`${served.url}/api/videogen/videos`, upload, agent);
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
        latencyRow(
          'POST /uploads (hashes only: 0 photo bytes sent) → 200 deduplicated',
          direct,
        ),
        latencyRow(
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
    },
  );
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
