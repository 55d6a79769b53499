/*
 * 500 viewers of one environment (`prod`, aws mode), two ways, each against
 * a fresh backend process (serve.ts):
 *
 *   push     every viewer holds a signals WebSocket (the real signals
 *            backend) subscribed to the environment's channel and re-reads
 *            the videos list when a `video` signal arrives (what the
 *            frontend does), plus the status once a minute as its fallback;
 *   polling  every viewer reads GET /environments/prod/status and
 *            GET /videos?environment=prod every 5 s (staggered).
 *
 * Measured over the window: the backend process's CPU seconds (utime +
 * stime from /proc/<pid>/stat) per minute, HTTP requests answered, signals
 * received, and the AWS SDK calls the status endpoint made (EKS/Batch/
 * CloudFormation, aws-sdk-client-mock after 100 ms). Loopback only; HTTP
 * requests are bounded by one keep-alive agent of 64 sockets.
 *
 * Usage (from the repository root):
 *   node --require ./node_modules/@backstage/cli/config/nodeTransform.cjs \
 *     bench/push/push.bench.ts [--viewers 500] [--seconds 60] [--changes 30]
 *     [--only push|polling]
 */
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { videogenSignalChannel } from '@videogen/plugin-videogen-common';
import {
  arg,
  cpuSeconds,
  loadAverage,
  Served,
  spawnServer,
} from '../lib/common';

const VIEWERS = arg('--viewers', 500);
const SECONDS = arg('--seconds', 60);
const CHANGES_PER_MINUTE = arg('--changes', 30);
const POLL_MS = 5_000;
const FALLBACK_MS = 60_000;
const SDK_DELAY_MS = 100;
const TOKEN = 'mock-user-token';

function startServer(): Promise<Served> {
  return spawnServer(path.join(__dirname, 'serve.ts'), [
    String(CHANGES_PER_MINUTE),
    String(SDK_DELAY_MS),
  ]);
}

async function stopServer(server: Served): Promise<Record<string, number>> {
  const match = /COUNTS (.*)/.exec(await server.stop());
  return match ? JSON.parse(match[1]) : {};
}

function get(agent: http.Agent, port: number, route: string): Promise<number> {
  return new Promise(resolve => {
    const req = http.get(
      {
        host: '127.0.0.1',
        port,
        path: `/api/videogen${route}`,
        agent,
        headers: { authorization: `Bearer ${TOKEN}` },
      },
      res => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
  });
}

function connect(port: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/signals`, TOKEN);
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('no answer to the upgrade'));
    }, 3000);
    ws.once('open', () => {
      clearTimeout(timer);
      ws.send(
        JSON.stringify({
          action: 'subscribe',
          channel: videogenSignalChannel('prod'),
        }),
      );
      resolve(ws);
    });
    ws.once('error', error => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

async function run(mode: 'push' | 'polling') {
  const loadavg = loadAverage();
  const server = await startServer();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const stats = { requests: 0, failed: 0, signals: 0 };
  const count = (status: number) => {
    stats.requests += 1;
    if (status !== 200) stats.failed += 1;
  };
  // Warm the status cache and the routes once.
  await get(agent, server.port, '/environments/prod/status');
  const sockets: WebSocket[] = [];
  const timers: NodeJS.Timeout[] = [];
  if (mode === 'push') {
    // The signals backend starts listening for upgrades on its first
    // request: the first connection may be refused, the next one works.
    await connect(server.port).then(
      ws => ws.close(),
      () => undefined,
    );
    for (let i = 0; i < VIEWERS; i++) {
      const ws = await connect(server.port);
      ws.on('message', () => {
        stats.signals += 1;
        get(agent, server.port, '/videos?environment=prod&limit=20').then(
          count,
        );
      });
      sockets.push(ws);
      // The slow fallback poll of the status card.
      timers.push(
        setTimeout(() => {
          timers.push(
            setInterval(
              () =>
                get(agent, server.port, '/environments/prod/status').then(
                  count,
                ),
              FALLBACK_MS,
            ),
          );
        }, (i * FALLBACK_MS) / VIEWERS),
      );
    }
  } else {
    for (let i = 0; i < VIEWERS; i++) {
      timers.push(
        setTimeout(() => {
          const poll = () => {
            get(agent, server.port, '/environments/prod/status').then(count);
            get(agent, server.port, '/videos?environment=prod&limit=20').then(
              count,
            );
          };
          poll();
          timers.push(setInterval(poll, POLL_MS));
        }, (i * POLL_MS) / VIEWERS),
      );
    }
  }
  // Connections are up: measure from here.
  const cpuBefore = cpuSeconds(server.child.pid!);
  const started = Date.now();
  await new Promise(resolve => setTimeout(resolve, SECONDS * 1000));
  const cpu = cpuSeconds(server.child.pid!) - cpuBefore;
  const minutes = (Date.now() - started) / 60_000;
  timers.forEach(t => clearTimeout(t));
  timers.forEach(t => clearInterval(t));
  sockets.forEach(ws => ws.terminate());
  agent.destroy();
  const sdk = await stopServer(server);
  return {
    mode,
    viewers: VIEWERS,
    loadavg,
    cpuSecondsPerMinute: cpu / minutes,
    requestsPerMinute: stats.requests / minutes,
    failedRequests: stats.failed,
    signalsReceivedPerMinute: stats.signals / minutes,
    sdkCalls: Object.values(sdk).reduce((a, b) => a + b, 0),
    sdkCallsByCommand: sdk,
  };
}

async function main() {
  console.log(
    `${VIEWERS} viewers, ${SECONDS} s per mode, ${CHANGES_PER_MINUTE} changes/min, ${
      os.cpus().length
    } CPUs`,
  );
  const only = process.argv.indexOf('--only');
  const modes =
    only >= 0
      ? [process.argv[only + 1] as 'push' | 'polling']
      : (['push', 'polling'] as const);
  for (const mode of modes) {
    console.log(JSON.stringify(await run(mode)));
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
