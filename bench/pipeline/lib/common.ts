import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');
const TRANSFORM = path.join(
  ROOT,
  'node_modules/@backstage/cli/config/nodeTransform.cjs',
);

export type Served = {
  child: ChildProcess;
  port: number;
  url: string;
  stdout: () => string;
  stop: () => Promise<string>;
};

/** Starts lib/serve.ts in a child process and waits for "READY <port>". */
export async function serve(
  config: unknown,
  flags: string[] = [],
): Promise<Served> {
  const child = spawn(
    process.execPath,
    [
      '--require',
      TRANSFORM,
      path.join(__dirname, 'serve.ts'),
      JSON.stringify(config),
      ...flags,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout!.on('data', d => (out += d));
  child.stderr!.on('data', d => (err += d));
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
      reject(new Error(`serve exited with ${code}: ${err.slice(-2000)}`));
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

/** VmRSS and VmHWM (peak) of a process, in MiB. */
export function memory(pid: number): { rssMiB: number; peakMiB: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) =>
    Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)![1]);
  return { rssMiB: kb('VmRSS') / 1024, peakMiB: kb('VmHWM') / 1024 };
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
