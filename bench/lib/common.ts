/*
 * Helpers shared by the benchmarks under bench/: flags, a backend started in
 * a child process (both sides), process CPU and memory from /proc, HTTP
 * timed from outside, percentiles.
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
const TRANSFORM = path.join(
  ROOT,
  'node_modules/@backstage/cli/config/nodeTransform.cjs',
);

/** The number after a command-line flag (`--name 20`), or the fallback. */
export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

export type Served = {
  child: ChildProcess;
  port: number;
  url: string;
  stdout: () => string;
  stop: () => Promise<string>;
};

/**
 * Starts a TypeScript file in a child process (with the Backstage CLI's
 * transform) and waits for it to print "READY <port>".
 */
export async function spawnServer(
  script: string,
  args: string[],
): Promise<Served> {
  const child = spawn(
    process.execPath,
    ['--require', TRANSFORM, script, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout!.on('data', d => (out += d));
  child.stderr!.on('data', d => (err += d));
  const name = path.basename(script, '.ts');
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /READY (\d+)/.exec(out);
      if (match) {
        clearInterval(timer);
        resolve(Number(match[1]));
      }
    }, 50);
    child.once('exit', code => {
      clearInterval(timer);
      reject(new Error(`${name} exited with ${code}: ${err.slice(-2000)}`));
    });
  });
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    stdout: () => out,
    stop: () =>
      new Promise(resolve => {
        child.once('exit', () => resolve(out));
        child.kill('SIGTERM');
      }),
  };
}

/**
 * The child-process side of spawnServer: runs `start`, then prints
 * "READY <port>" of the backend it started. On SIGTERM it runs `beforeStop`
 * (e.g. prints counts), stops the backend, runs `afterStop` (e.g. deletes
 * the data directory) and exits. A failure is printed as
 * "<script name> failed: ..." and exits with 1.
 */
export function runServer(
  start: () => Promise<{
    backend: { server: { address(): unknown }; stop(): Promise<void> };
    beforeStop?: () => void;
    afterStop?: () => void;
  }>,
): void {
  start()
    .then(({ backend, beforeStop, afterStop }) => {
      const { port } = backend.server.address() as AddressInfo;
      process.stdout.write(`READY ${port}\n`);
      process.on('SIGTERM', async () => {
        beforeStop?.();
        await backend.stop().catch(() => undefined);
        afterStop?.();
        process.exit(0);
      });
    })
    .catch(error => {
      const name = path.basename(process.argv[1], '.ts');
      process.stderr.write(`${name} failed: ${error.stack ?? error}\n`);
      process.exit(1);
    });
}

/** Starts lib/serve.ts (the plugin with the given config) in a child process. */
export function serve(config: unknown, flags: string[] = []): Promise<Served> {
  return spawnServer(path.join(__dirname, 'serve.ts'), [
    JSON.stringify(config),
    ...flags,
  ]);
}

/** VmRSS and VmHWM (peak) of a process, in MiB. */
export function memory(pid: number): { rssMiB: number; peakMiB: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) =>
    Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)![1]);
  return { rssMiB: kb('VmRSS') / 1024, peakMiB: kb('VmHWM') / 1024 };
}

/** User + system CPU seconds a process has used so far (/proc/<pid>/stat). */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces); utime and
  // stime are fields 14 and 15 (1-based) of the whole line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100; // CLK_TCK is 100 on Linux
}

export function loadAverage(): string {
  return fs.readFileSync('/proc/loadavg', 'utf8').trim();
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(
    sorted.length - 1,
    Math.ceil((p / 100) * sorted.length) - 1,
  );
  return sorted[Math.max(0, index)];
}

export const median = (values: number[]) => percentile(values, 50);

export const fmt = (n: number, digits = 1) => n.toFixed(digits);

/** Seconds a synchronous function takes. */
export function seconds(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** An HTTP request with a body, timed from the first byte sent to the last received. */
export function timedRequest(
  url: string,
  options: http.RequestOptions & { body?: Buffer },
  agent?: http.Agent,
): Promise<{ status: number; ms: number; body: string }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.request(url, { ...options, agent }, res => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', chunk => (body += chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
          body,
        }),
      );
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A JSON request, timed from the first byte sent to the last received. */
export async function jsonRequest(
  url: string,
  method: string,
  body: unknown,
  agent?: http.Agent,
): Promise<{ status: number; ms: number; body: any }> {
  const payload =
    body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const answer = await timedRequest(
    url,
    {
      method,
      headers: payload
        ? {
            'Content-Type': 'application/json',
            'Content-Length': payload.length,
          }
        : {},
      body: payload,
    },
    agent,
  );
  return {
    ...answer,
    body: answer.body ? JSON.parse(answer.body) : undefined,
  };
}

/** A Markdown table row: name, count, p50, p95 and p99 in ms. */
export function latencyRow(name: string, values: number[]): string {
  return `| ${name} | ${values.length} | ${fmt(
    percentile(values, 50),
    2,
  )} | ${fmt(percentile(values, 95), 2)} | ${fmt(percentile(values, 99), 2)} |`;
}
