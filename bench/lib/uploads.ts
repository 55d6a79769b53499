/*
 * Photos and upload bodies of the upload benchmarks (bench/pipeline,
 * bench/uploads), and their peer: hashing and copying the same file.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { seconds, timedRequest } from './common';

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

/**
 * A multipart/form-data body with the fields in the order given (the order
 * is part of what a benchmark measures: photo first is the worst case).
 */
export function multipartBody(
  fields: Array<{ name: string; filename?: string; data: Buffer | string }>,
) {
  const boundary = '----videogen-bench';
  const part = (headers: string, data: Buffer | string) =>
    Buffer.concat([
      Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`),
      Buffer.from(data),
      Buffer.from('\r\n'),
    ]);
  return {
    body: Buffer.concat([
      ...fields.map(({ name, filename, data }) =>
        part(
          `Content-Disposition: form-data; name="${name}"${
            filename ? `; filename="${filename}"` : ''
          }`,
          data,
        ),
      ),
      Buffer.from(`--${boundary}--\r\n`),
    ]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** POSTs a multipartBody, timed as timedRequest does. */
export function postMultipart(
  url: string,
  { body, contentType }: ReturnType<typeof multipartBody>,
  agent?: http.Agent,
) {
  return timedRequest(
    url,
    {
      method: 'POST',
      headers: { 'Content-Type': contentType, 'Content-Length': body.length },
      body,
    },
    agent,
  );
}

/** Reads a file once so that both the API and its peer read it from the page cache. */
export function warmPageCache(file: string): void {
  execFileSync('cat', [file], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * The peer of an ingest: `sha256sum` followed by `cp` to `copy` (hash it,
 * store it: the same work in two passes). Returns its seconds; the copy is
 * deleted afterwards.
 */
export function hashAndCopySeconds(file: string, copy: string): number {
  const took = seconds(() => {
    execFileSync('sha256sum', [file], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    execFileSync('cp', [file, copy]);
  });
  fs.rmSync(copy, { force: true });
  return took;
}
