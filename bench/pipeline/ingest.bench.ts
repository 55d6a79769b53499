/*
 * Upload ingest: a 200 MiB photo through POST /api/videogen/videos (streamed
 * to storage while hashed and inspected, then moved to its content-addressed
 * key) against its peer on the same machine and file: `sha256sum` followed
 * by `cp` (hash it, store it — the same work done as two passes).
 *
 * The backend is the real plugin in its own process (bench/lib/serve.ts:
 * local mode, SQLite, local directory storage, no workers, photo limit raised
 * to 300 MiB); curl sends the multipart upload (photo first, the worst order).
 * Peak RSS is VmHWM of the backend process from /proc/<pid>/status.
 *
 * Usage (from the repository root):
 *   node --require ./node_modules/@backstage/cli/config/nodeTransform.cjs \
 *     bench/pipeline/ingest.bench.ts [--repetitions 5] [--mib 200]
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { arg, fmt, loadAverage, median, memory, serve } from '../lib/common';
import { hashAndCopySeconds, warmPageCache, writeJpeg } from '../lib/uploads';

const REPETITIONS = arg('--repetitions', 5);
const MIB = arg('--mib', 200);

async function main() {
  // Recorded with the result: a loaded machine flatters or hurts the ratio.
  const loadBefore = loadAverage();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'videogen-bench-ingest-'));
  const photo = path.join(dir, 'big.jpg');
  writeJpeg(photo, MIB * 1024 * 1024);
  const size = fs.statSync(photo).size;
  const sha = createHash('sha256').update(fs.readFileSync(photo)).digest('hex');
  const dataDir = path.join(dir, 'data');

  const served = await serve({
    videogen: {
      dataDir,
      generator: { version: 'bench' },
      limits: { maxPhotoBytes: 300 * 1024 * 1024 },
      queue: { local: { workers: 0 } },
    },
  });
  const pid = served.child.pid!;
  const idle = memory(pid);

  const api: number[] = [];
  const peer: number[] = [];
  try {
    // Warm the page cache for both sides.
    warmPageCache(photo);
    for (let i = 0; i < REPETITIONS; i++) {
      // A different script each time: every upload is a new video, so the
      // photo is stored (moved into place) every time.
      const script = path.join(dir, `script-${i}.txt`);
      fs.writeFileSync(
        script,
        `Run ${i}: a knight rides through the benchmark.`,
      );
      const curl = spawnSync(
        'curl',
        [
          '-s',
          '-o',
          path.join(dir, 'answer.json'),
          '-w',
          '%{http_code} %{time_total}',
          '-F',
          `photo=@${photo};type=image/jpeg`,
          '-F',
          `script=@${script}`,
          '-F',
          'environment=local',
          `${served.url}/api/videogen/videos`,
        ],
        { encoding: 'utf8' },
      );
      const [status, total] = curl.stdout.trim().split(' ');
      const answer = JSON.parse(
        fs.readFileSync(path.join(dir, 'answer.json'), 'utf8'),
      );
      if (status !== '202' || answer.video.photoSha256 !== sha) {
        throw new Error(
          `upload ${i} answered ${status}: ${JSON.stringify(answer).slice(
            0,
            300,
          )}`,
        );
      }
      api.push(Number(total));

      peer.push(hashAndCopySeconds(photo, path.join(dir, 'peer-copy.jpg')));
    }
  } finally {
    const peak = memory(pid);
    await served.stop();
    const apiRate = size / 1024 / 1024 / median(api);
    const peerRate = size / 1024 / 1024 / median(peer);
    const lines = [
      `## Upload ingest (${fmt(
        size / 1024 / 1024,
        0,
      )} MiB JPEG, ${REPETITIONS} repetitions, median)`,
      '',
      `Load average before: \`${loadBefore}\`; after: \`${loadAverage()}\`.`,
      '',
      '| path | seconds (median) | MiB/s | all runs (s) |',
      '| --- | --- | --- | --- |',
      `| API: POST /videos (stream + SHA-256 + header inspection + store + move) | ${fmt(
        median(api),
        2,
      )} | ${fmt(apiRate, 0)} | ${api.map(v => fmt(v, 2)).join(', ')} |`,
      `| peer: sha256sum + cp | ${fmt(median(peer), 2)} | ${fmt(
        peerRate,
        0,
      )} | ${peer.map(v => fmt(v, 2)).join(', ')} |`,
      '',
      `Ratio API / peer throughput: **${fmt(apiRate / peerRate, 2)}**`,
      '',
      `Backend RSS: ${fmt(
        idle.rssMiB,
        0,
      )} MiB idle after start-up (peak so far ${fmt(idle.peakMiB, 0)} MiB); ` +
        `peak (VmHWM) after the uploads: **${fmt(peak.peakMiB, 0)} MiB** — ` +
        `the ${fmt(size / 1024 / 1024, 0)} MiB body is never buffered.`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
