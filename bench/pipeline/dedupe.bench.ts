/*
 * Dedupe hit latency with 1,000,000 videos in PostgreSQL: a repeated upload
 * of the same photo + script through POST /api/videogen/videos (answered 200,
 * deduplicated) against its peer, the raw indexed statement on the same
 * table: the SELECT by the unique key, and an UPDATE ... RETURNING of the
 * hit count by that key (the write a hit makes).
 *
 * Needs a PostgreSQL: BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
 * (bench/pipeline/dedupe.sh starts the throwaway cluster of
 * scripts/postgres.sh and sets it). The backend is the real plugin in its own
 * process (bench/lib/serve.ts) on that server; 1,000,000 rows (and their jobs) are
 * bulk-inserted with generate_series, then ANALYZEd.
 *
 * Usage (from the repository root):
 *   bash bench/pipeline/dedupe.sh [--requests 500] [--rows 1000000]
 */
import http from 'node:http';
import { arg, fmt, latencyRow, loadAverage, percentile } from '../lib/common';
import { knight, withSeededBackend } from '../lib/dedupe';
import { multipartBody, postMultipart } from '../lib/uploads';

const REQUESTS = arg('--requests', 500);
const ROWS = arg('--rows', 1_000_000);

async function main() {
  const loadBefore = loadAverage();
  await withSeededBackend(
    {
      runner: 'bench/pipeline/dedupe.sh',
      tmpPrefix: 'videogen-bench-dedupe-',
      rows: ROWS,
    },
    async ({ served, db, insertSeconds }) => {
      const { photo, script } = knight();
      const upload = multipartBody([
        { name: 'photo', filename: 'knight.jpg', data: photo },
        { name: 'script', data: script },
        { name: 'environment', data: 'local' },
      ]);
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const post = () =>
        postMultipart(`${served.url}/api/videogen/videos`, upload, agent);
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
          if (i >= 20)
            values.push(Number(process.hrtime.bigint() - start) / 1e6);
        }
        return values;
      };
      const select = await timed(
        `SELECT id FROM videogen_videos WHERE ${where}`,
      );
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
        `Load average before: \`${loadBefore}\`; after: \`${loadAverage()}\`.`,
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
        latencyRow(
          'API: POST /videos, dedupe hit (multipart 56 KB photo, SHA-256, inspection, temp write + delete, environment check, joined lookup, hit count UPDATE)',
          api,
        ),
        latencyRow('peer: raw indexed SELECT by the unique key', select),
        latencyRow(
          'peer: raw UPDATE ... RETURNING of the hit count by the unique key',
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
    },
  );
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
