/*
 * Helpers of the direct-upload benchmarks (bench/uploads): photo files,
 * process CPU from /proc, HTTP with a JSON body, load average.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';

/**
 * A structurally valid baseline JPEG of `bytes` bytes: a frame header, then
 * random entropy-coded data (0xFF followed by 0x00, as encoders stuff it),
 * then EOI.
 */
export function writeJpeg(file: string, bytes: number): void {
  const fd = fs.openSync(file, 'w');
  const head = Buffer.from([
    0xff, 0xd8, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x0f, 0xa0, 0x0b, 0xb8, 0x01,
    0x01, 0x11, 0x00, 0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f,
    0x00,
  ]);
  fs.writeSync(fd, head);
  let written = head.length;
  while (written < bytes - 2) {
    const chunk = randomBytes(Math.min(4 << 20, bytes - 2 - written));
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] === 0xff) {
        if (i + 1 < chunk.length) chunk[i + 1] = 0x00;
        else chunk[i] = 0x00;
      }
    }
    fs.writeSync(fd, chunk);
    written += chunk.length;
  }
  fs.writeSync(fd, Buffer.from([0xff, 0xd9]));
  fs.closeSync(fd);
}

/** User + system CPU seconds a process has used so far (/proc/<pid>/stat). */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100; // CLK_TCK is 100 on Linux
}

export function loadAverage(): string {
  return fs.readFileSync('/proc/loadavg', 'utf8').trim();
}

/** A JSON request, timed from the first byte sent to the last received. */
export function jsonRequest(
  url: string,
  method: string,
  body: unknown,
  agent?: http.Agent,
): Promise<{ status: number; ms: number; body: any }> {
  const payload =
    body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: payload
          ? {
              'Content-Type': 'application/json',
              'Content-Length': payload.length,
            }
          : {},
      },
      res => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', chunk => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            ms: Number(process.hrtime.bigint() - started) / 1e6,
            body: text ? JSON.parse(text) : undefined,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
