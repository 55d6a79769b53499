/*
 * Local-mode direct upload ingest: a 200 MiB photo PUT to the backend's
 * signed storage route (streamed to a staging file while SHA-256 is
 * computed and compared with the declared hash, then renamed into place),
 * against its peer on the same machine and file in the same run:
 * `sha256sum` followed by `cp` (hash it, store it: the same work in two
 * passes). curl sends the PUT (`-T`), as a browser's fetch would.
 *
 * The backend is the real plugin in its own process (bench/lib/serve.ts:
 * local mode, SQLite, no workers, photo limit 300 MiB). Each
 * repetition starts a new upload (another script), PUTs photo and script,
 * and completes it (complete reads 256 KiB of the photo's head and 64 KiB
 * of its tail, and renames: its time is reported apart).
 *
 * Usage (from the repository root):
 *   node --require ./node_modules/@backstage/cli/config/nodeTransform.cjs \
 *     bench/uploads/ingest.bench.ts [--repetitions 5] [--mib 200]
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
  arg,
  fmt,
  jsonRequest,
  loadAverage,
  median,
  memory,
  serve,
} from '../lib/common';
import { hashAndCopySeconds, warmPageCache, writeJpeg } from '../lib/uploads';

const REPETITIONS = arg('--repetitions', 5);
const MIB = arg('--mib', 200);

/** PUT a file with curl; returns curl's total time in seconds. */
function curlPut(url: string, file: string, headers: Record<string, string>) {
  const args = [
    '-s',
    '-o',
    '/dev/null',
    '-w',
    '%{http_code} %{time_total}',
    '-H',
    'Expect:',
  ];
  for (const [name, value] of Object.entries(headers)) {
    args.push('-H', `${name}: ${value}`);
  }
  args.push('-T', file, url);
  const result = spawnSync('curl', args, { encoding: 'utf8' });
  const [status, total] = result.stdout.trim().split(' ');
  if (status !== '200') {
    throw new Error(`PUT ${file} answered ${status}`);
  }
  return Number(total);
}

async function main() {
  const loadBefore = loadAverage();
  const dir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'videogen-bench-direct-ingest-'),
  );
  const photo = path.join(dir, 'big.jpg');
  writeJpeg(photo, MIB * 1024 * 1024);
  const size = fs.statSync(photo).size;
  const sha = createHash('sha256').update(fs.readFileSync(photo)).digest('hex');
  const served = await serve({
    videogen: {
      dataDir: path.join(dir, 'data'),
      generator: { version: 'bench' },
      limits: { maxPhotoBytes: 300 * 1024 * 1024 },
      queue: { local: { workers: 0 } },
    },
  });
  const pid = served.child.pid!;
  const agent = new http.Agent({ keepAlive: true });
  const put: number[] = [];
  const complete: number[] = [];
  const peer: number[] = [];
  try {
    warmPageCache(photo);
    for (let i = 0; i < REPETITIONS; i++) {
      const script = Buffer.from(
        `Run ${i}: a knight rides through the benchmark.`,
      );
      const scriptFile = path.join(dir, 'script.txt');
      fs.writeFileSync(scriptFile, script);
      const started = await jsonRequest(
        `${served.url}/api/videogen/uploads`,
        'POST',
        {
          environment: 'local',
          photo: { sha256: sha, size, contentType: 'image/jpeg' },
          script: {
            sha256: createHash('sha256').update(script).digest('hex'),
            size: script.length,
          },
        },
        agent,
      );
      if (started.status !== 201) {
        throw new Error(
          `start answered ${started.status}: ${JSON.stringify(started.body)}`,
        );
      }
      // The URLs name backend.baseUrl; the bench's backend listens elsewhere.
      const local = (url: string) =>
        `${served.url}${new URL(url).pathname}${new URL(url).search}`;
      put.push(
        curlPut(
          local(started.body.photo.url),
          photo,
          started.body.photo.headers,
        ),
      );
      curlPut(
        local(started.body.script.url),
        scriptFile,
        started.body.script.headers,
      );
      const done = await jsonRequest(
        `${served.url}/api/videogen/uploads/${started.body.uploadId}/complete`,
        'POST',
        undefined,
        agent,
      );
      if (done.status !== 202 || done.body.video.photoSha256 !== sha) {
        throw new Error(
          `complete answered ${done.status}: ${JSON.stringify(done.body).slice(
            0,
            300,
          )}`,
        );
      }
      complete.push(done.ms / 1000);

      peer.push(hashAndCopySeconds(photo, path.join(dir, 'peer-copy.jpg')));
    }
  } finally {
    const peak = memory(pid);
    await served.stop();
    const mib = size / 1024 / 1024;
    const apiRate = mib / median(put);
    const peerRate = mib / median(peer);
    const lines = [
      `### (c) Local ingest through the signed storage route (${fmt(
        mib,
        0,
      )} MiB JPEG, ${REPETITIONS} repetitions, median)`,
      '',
      `Load average before: \`${loadBefore}\`; after: \`${loadAverage()}\`.`,
      '',
      '| path | seconds (median) | MiB/s | all runs (s) |',
      '| --- | --- | --- | --- |',
      `| PUT /storage/uploads/<id>/photo (stream + SHA-256 check + staging write + rename) | ${fmt(
        median(put),
        2,
      )} | ${fmt(apiRate, 0)} | ${put.map(v => fmt(v, 2)).join(', ')} |`,
      `| peer: sha256sum + cp | ${fmt(median(peer), 2)} | ${fmt(
        peerRate,
        0,
      )} | ${peer.map(v => fmt(v, 2)).join(', ')} |`,
      `| then POST /uploads/<id>/complete (ranged header + tail check, move, insert, queue) | ${fmt(
        median(complete),
        3,
      )} | | ${complete.map(v => fmt(v, 3)).join(', ')} |`,
      '',
      `Ratio route / peer throughput: **${fmt(
        apiRate / peerRate,
        2,
      )}**. Backend peak RSS (VmHWM): ${fmt(peak.peakMiB, 0)} MiB.`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
