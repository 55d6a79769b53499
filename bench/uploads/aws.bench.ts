/*
 * Backend CPU and memory per aws-mode direct upload (start + complete; the
 * bytes go from the "browser" to S3, never through the backend), for a
 * 10 MB and a 20 MB photo.
 *
 * The S3 peer is s3rver, which implements no checksums: HeadObject with
 * checksum mode returns none, so the backend falls back to reading and
 * hashing the photo (real S3 returns the SHA-256 it verified on the PUT).
 * To show the real S3 path the peer sits behind a small proxy (in this
 * process) that does what S3 does with checksums: it hashes each PUT body,
 * refuses one whose SHA-256 is not the signed x-amz-checksum-sha256 (400
 * BadDigest), and answers HeadObject with checksum mode with the stored
 * x-amz-checksum-sha256. Both are measured: "S3 checksums" (the proxy
 * emulating S3) and "s3rver as is" (the fallback). The backend runs in its
 * own process (serveAws.ts), one per case, so each peak RSS is its own;
 * CPU is its user+system time across the start and complete calls only.
 *
 * Usage (from the repository root):
 *   node --require ./node_modules/@backstage/cli/config/nodeTransform.cjs \
 *     bench/uploads/aws.bench.ts [--uploads 20]
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import {
  arg,
  cpuSeconds,
  fmt,
  jsonRequest,
  loadAverage,
  memory,
  spawnServer,
} from '../lib/common';
import { writeJpeg } from '../lib/uploads';

const UPLOADS = arg('--uploads', 20);

/** s3rver behind a proxy that keeps SHA-256 checksums the way S3 does. */
async function s3Peer(directory: string) {
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: 'vg-uploads' }, { name: 'vg-videos' }],
  });
  const { port } = await server.run();
  const checksums = new Map<string, string>();
  const state = { emulateChecksums: true };
  const proxy = http.createServer((req, res) => {
    const key = (req.url ?? '').split('?')[0];
    const declared = req.headers['x-amz-checksum-sha256'] as string | undefined;
    const hash = createHash('sha256');
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      answer => {
        const headers = { ...answer.headers };
        if (
          state.emulateChecksums &&
          req.method === 'HEAD' &&
          String(req.headers['x-amz-checksum-mode']).toUpperCase() ===
            'ENABLED' &&
          checksums.has(key)
        ) {
          headers['x-amz-checksum-sha256'] = checksums.get(key)!;
          headers['x-amz-checksum-type'] = 'FULL_OBJECT';
        }
        res.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    if (req.method === 'PUT' && declared && !req.headers['x-amz-copy-source']) {
      req.on('data', chunk => hash.update(chunk));
      req.on('end', () => {
        const actual = hash.digest('base64');
        if (actual === declared) checksums.set(key, actual);
      });
    }
    req.pipe(upstream);
  });
  await new Promise<void>(resolve =>
    proxy.listen(0, '127.0.0.1', () => resolve()),
  );
  return {
    endpoint: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    state,
    stop: async () => {
      proxy.closeAllConnections();
      await new Promise(resolve => proxy.close(resolve));
      await server.close();
    },
  };
}

async function backend(endpoint: string) {
  const served = await spawnServer(path.join(__dirname, 'serveAws.ts'), [
    endpoint,
  ]);
  return { pid: served.child.pid!, url: served.url, stop: served.stop };
}

async function runCase(endpoint: string, photoFile: string, label: string) {
  const served = await backend(endpoint);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const photo = fs.readFileSync(photoFile);
  const sha = createHash('sha256').update(photo).digest('hex');
  let cpu = 0;
  let startMs = 0;
  let completeMs = 0;
  const idle = memory(served.pid);
  try {
    for (let i = 0; i < UPLOADS + 2; i++) {
      const script = Buffer.from(
        `${label} ${i} ${randomBytes(4).toString('hex')}: a knight rides.`,
      );
      const c0 = cpuSeconds(served.pid);
      const started = await jsonRequest(
        `${served.url}/api/videogen/uploads`,
        'POST',
        {
          environment: 'prod',
          photo: { sha256: sha, size: photo.length, contentType: 'image/jpeg' },
          script: {
            sha256: createHash('sha256').update(script).digest('hex'),
            size: script.length,
          },
        },
        agent,
      );
      const c1 = cpuSeconds(served.pid);
      if (started.status !== 201)
        throw new Error(
          `start: ${started.status} ${JSON.stringify(started.body)}`,
        );
      for (const [target, body] of [
        [started.body.photo, photo],
        [started.body.script, script],
      ] as const) {
        const put = await fetch(target.url, {
          method: 'PUT',
          headers: target.headers,
          body,
        });
        if (put.status !== 200)
          throw new Error(`PUT: ${put.status} ${await put.text()}`);
      }
      const c2 = cpuSeconds(served.pid);
      const done = await jsonRequest(
        `${served.url}/api/videogen/uploads/${started.body.uploadId}/complete`,
        'POST',
        undefined,
        agent,
      );
      const c3 = cpuSeconds(served.pid);
      if (done.status !== 202)
        throw new Error(
          `complete: ${done.status} ${JSON.stringify(done.body)}`,
        );
      // The first two are warm-up (JIT, connections).
      if (i >= 2) {
        cpu += c1 - c0 + (c3 - c2);
        startMs += started.ms;
        completeMs += done.ms;
      }
    }
    const peak = memory(served.pid);
    return {
      cpuMsPerUpload: (cpu * 1000) / UPLOADS,
      startMs: startMs / UPLOADS,
      completeMs: completeMs / UPLOADS,
      idleRss: idle.rssMiB,
      peak: peak.peakMiB,
    };
  } finally {
    await served.stop();
  }
}

async function main() {
  const loadBefore = loadAverage();
  const dir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'videogen-bench-direct-aws-'),
  );
  const peer = await s3Peer(path.join(dir, 's3'));
  const photos = {
    '10 MB': path.join(dir, '10.jpg'),
    '20 MB': path.join(dir, '20.jpg'),
  };
  writeJpeg(photos['10 MB'], 10 * 1000 * 1000);
  writeJpeg(photos['20 MB'], 20 * 1000 * 1000);
  const rows: string[] = [];
  try {
    for (const emulate of [true, false]) {
      peer.state.emulateChecksums = emulate;
      for (const [size, file] of Object.entries(photos)) {
        const r = await runCase(peer.endpoint, file, `${emulate}-${size}`);
        rows.push(
          `| ${
            emulate
              ? 'S3 checksums (HeadObject returns the verified SHA-256)'
              : 's3rver as is (no checksum: photo read and hashed)'
          } | ${size} | ${fmt(r.cpuMsPerUpload, 1)} | ${fmt(
            r.startMs,
            1,
          )} | ${fmt(r.completeMs, 1)} | ${fmt(r.idleRss, 0)} → ${fmt(
            r.peak,
            0,
          )} |`,
        );
      }
    }
  } finally {
    await peer.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const lines = [
    `### (b) Backend CPU and memory per aws-mode upload (start + complete, ${UPLOADS} uploads per row, after 2 warm-up)`,
    '',
    `Load average before: \`${loadBefore}\`; after: \`${loadAverage()}\`.`,
    '',
    '| S3 peer | photo | backend CPU ms / upload | start ms | complete ms | backend RSS MiB: idle → peak (VmHWM) |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
