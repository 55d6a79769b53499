/*
 * GET /api/videogen/environments/:name/status under 200 concurrent clients,
 * aws mode, with every AWS SDK call (EKS DescribeCluster, ListNodegroups,
 * DescribeNodegroup; Batch DescribeJobQueues, DescribeComputeEnvironments;
 * CloudFormation DescribeStacks) answered by aws-sdk-client-mock after
 * 100 ms. Measured twice in the same run:
 *
 *   cached    the product: each source cached for videogen.status.cacheTtlSeconds
 *             (10 s) with single-flight loading;
 *   no-cache  the peer: the same service with the cache and single-flight
 *             switched off (every request calls every source).
 *
 * p50/p95 latency seen by the clients and the SDK calls the backend made.
 * The backend is the real plugin in its own process (bench/lib/serve.ts); the 200
 * clients are keep-alive loops in this process.
 *
 * Usage (from the repository root):
 *   node --require ./node_modules/@backstage/cli/config/nodeTransform.cjs \
 *     bench/pipeline/status.bench.ts [--seconds 30] [--clients 200] [--delay 100]
 */
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { awsStatusConfig } from '../lib/awsStatus';
import { arg, fmt, percentile, serve, timedRequest } from '../lib/common';

const SECONDS = arg('--seconds', 30);
const CLIENTS = arg('--clients', 200);
const DELAY = arg('--delay', 100);
const TTL = 10;

async function measure(noCache: boolean) {
  const dataDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'videogen-bench-status-'),
  );
  const served = await serve({ videogen: awsStatusConfig(dataDir, TTL) }, [
    '--mock-aws',
    String(DELAY),
    ...(noCache ? ['--no-cache'] : []),
  ]);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const url = `${served.url}/api/videogen/environments/prod/status`;
  const latencies: number[] = [];
  let errors = 0;
  const deadline = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < deadline) {
        const answer = await timedRequest(url, { method: 'GET' }, agent);
        const body =
          answer.status === 200 ? JSON.parse(answer.body) : undefined;
        if (
          !body ||
          body.cluster.error ||
          body.queue.error ||
          body.stateStack?.error
        ) {
          errors++;
        }
        latencies.push(answer.ms);
      }
    }),
  );
  agent.destroy();
  const out = await served.stop();
  const counts: Record<string, number> = JSON.parse(
    /COUNTS (.*)/.exec(out)![1],
  );
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { latencies, errors, counts };
}

async function main() {
  const cached = await measure(false);
  const uncached = await measure(true);
  const calls = (c: Record<string, number>) =>
    Object.values(c).reduce((a, b) => a + b, 0);
  const row = (name: string, r: Awaited<ReturnType<typeof measure>>) =>
    `| ${name} | ${r.latencies.length} | ${fmt(
      r.latencies.length / SECONDS,
      0,
    )} | ${fmt(percentile(r.latencies, 50), 1)} | ${fmt(
      percentile(r.latencies, 95),
      1,
    )} | ${fmt(percentile(r.latencies, 99), 1)} | ${calls(r.counts)} | ${
      r.errors
    } |`;
  const windows = Math.ceil(SECONDS / TTL);
  const lines = [
    `## Status endpoint: ${CLIENTS} concurrent clients for ${SECONDS} s, every SDK call delayed ${DELAY} ms`,
    '',
    '| variant | requests | req/s | p50 ms | p95 ms | p99 ms | SDK calls | answers with an error |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    row(`cached (TTL ${TTL} s, single-flight)`, cached),
    row('no cache, no single-flight (peer)', uncached),
    '',
    `SDK calls per command, cached: \`${JSON.stringify(cached.counts)}\` — ` +
      `at most ${windows} TTL windows in ${SECONDS} s, so ~${windows} per source ` +
      '(DescribeNodegroup is one per node group).',
    `SDK calls per command, no cache: \`${JSON.stringify(uncached.counts)}\`.`,
    '',
    `Ratio p95 no-cache / cached: **${fmt(
      percentile(uncached.latencies, 95) / percentile(cached.latencies, 95),
      1,
    )}×**; ` +
      `SDK calls no-cache / cached: **${fmt(
        calls(uncached.counts) / Math.max(1, calls(cached.counts)),
        0,
      )}×**.`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
