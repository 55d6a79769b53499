#!/usr/bin/env node
/*
 * A stand-in for the generator CLI (packages/worker) in tests: it honours the
 * same contract (render --photo/--script/--out with file:// URIs, writes
 * video.mp4, poster.jpg and result.json atomically, prints JSON progress,
 * fails with one "videogen-worker: <reason>" line, exit 2 for bad input and
 * 1 for processing failures, exits non-zero on SIGTERM) but renders nothing.
 * It is never the product's generator.
 *
 * Knobs, given before "render" (they come from videogen.worker.command):
 *   --fail=input|processing|secret  fail every attempt this way
 *   --fail-times=<n>                fail the first n attempts (processing)
 *   --sleep-ms=<n>                  work this long before writing outputs
 *   --hang                          never finish (until signalled)
 *   --ignore-sigterm                do not exit on SIGTERM (needs SIGKILL)
 *   --log=<file>                    append "start|sigterm|lease-ended|done <videoId> <pid>"
 *   --size=<bytes>                  size of video.mp4 (default 65536)
 */
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { fileURLToPath } = require('node:url');

const argv = process.argv.slice(2);
const knobs = {};
while (argv.length && argv[0].startsWith('--') && argv[0] !== '--version') {
  const [name, value] = argv.shift().slice(2).split('=');
  knobs[name] = value === undefined ? true : value;
}

function fail(code, reason) {
  process.stderr.write(`videogen-worker: ${reason}\n`);
  process.exit(code);
}

if (argv[0] === '--version') {
  process.stdout.write('fake-1.0.0\n');
  process.exit(0);
}
if (argv[0] !== 'render') {
  fail(2, `unknown command "${argv[0]}"`);
}
const options = {};
for (let i = 1; i < argv.length; i += 1) {
  if (argv[i] === '--lease-stdin') {
    options[argv[i]] = true;
  } else {
    options[argv[i]] = argv[i + 1];
    i += 1;
  }
}
const toPath = uri => {
  if (!uri || !uri.startsWith('file://')) {
    fail(2, `the fake worker only reads file:// URIs, got ${uri}`);
  }
  return fileURLToPath(uri);
};
const photo = toPath(options['--photo']);
const script = toPath(options['--script']);
const out = toPath(options['--out']).replace(/\/+$/, '');
const videoId = path.basename(out);

const log = line => {
  if (knobs.log) {
    fs.appendFileSync(knobs.log, `${line} ${videoId} ${process.pid}\n`);
  }
};
process.on('SIGTERM', () => {
  log('sigterm');
  if (!knobs['ignore-sigterm']) {
    fail(143, 'cancelled by SIGTERM');
  }
});
// --lease-stdin: the render lives while stdin stays open, as the real
// generator's does (a stubborn one, --ignore-sigterm, ignores that too).
if (options['--lease-stdin'] && !knobs['ignore-sigterm']) {
  const leaseEnded = () => {
    log('lease-ended');
    fail(1, 'cancelled: the job lease ended (standard input closed)');
  };
  process.stdin.on('end', leaseEnded);
  process.stdin.on('close', leaseEnded);
  process.stdin.on('error', leaseEnded);
  process.stdin.resume();
} else if (options['--lease-stdin']) {
  process.stdin.resume();
}
// Logged only once the handler is in place: tests wait for this line before
// they signal, and a SIGTERM arriving earlier would kill the process at once.
log('start');

const progress = stage =>
  process.stdout.write(`${JSON.stringify({ event: 'progress', stage })}\n`);

async function main() {
  progress('fetch');
  let photoBytes;
  let scriptText;
  try {
    photoBytes = fs.readFileSync(photo);
    scriptText = fs.readFileSync(script, 'utf8');
  } catch (error) {
    fail(2, `cannot read the inputs: ${error.code}`);
  }
  if (knobs.fail === 'input') {
    fail(2, 'the photo could not be decoded');
  }
  if (knobs.fail === 'processing') {
    fail(1, 'ffmpeg failed while encoding scene 3');
  }
  if (knobs.fail === 'secret') {
    fail(
      1,
      'upload failed: AKIAABCDEFGHIJKLMNOP denied (X-Amz-Signature=deadbeef)',
    );
  }
  if (knobs['fail-times']) {
    const counter = `${path.dirname(out)}/.${videoId}.attempts`;
    const attempts =
      (fs.existsSync(counter) ? Number(fs.readFileSync(counter, 'utf8')) : 0) +
      1;
    fs.mkdirSync(path.dirname(counter), { recursive: true });
    fs.writeFileSync(counter, String(attempts));
    if (attempts <= Number(knobs['fail-times'])) {
      fail(1, `flaky failure on attempt ${attempts}`);
    }
  }
  progress('render');
  if (knobs.hang) {
    setInterval(() => progress('render'), 1000);
    return;
  }
  if (knobs['sleep-ms']) {
    await new Promise(resolve =>
      setTimeout(resolve, Number(knobs['sleep-ms'])),
    );
  }
  progress('publish');
  const size = Number(knobs.size ?? 65536);
  const seed = crypto
    .createHash('sha256')
    .update(photoBytes)
    .update(scriptText)
    .digest();
  const video = Buffer.alloc(size);
  for (let i = 0; i < size; i++) {
    video[i] = seed[i % seed.length] ^ (i & 0xff);
  }
  const poster = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);
  const result = {
    generatorVersion: 'fake-1.0.0',
    durationSeconds: 12.5,
    sizeBytes: video.length,
    sha256: crypto.createHash('sha256').update(video).digest('hex'),
    width: 1280,
    height: 720,
    scenes: 3,
    posterSizeBytes: poster.length,
  };
  const staging = `${path.dirname(out)}/.${videoId}.fake-${process.pid}`;
  fs.mkdirSync(staging, { recursive: true });
  fs.writeFileSync(path.join(staging, 'video.mp4'), video);
  fs.writeFileSync(path.join(staging, 'poster.jpg'), poster);
  fs.writeFileSync(path.join(staging, 'result.json'), JSON.stringify(result));
  fs.rmSync(out, { recursive: true, force: true });
  fs.renameSync(staging, out);
  log('done');
  process.stdout.write(`${JSON.stringify({ event: 'done', ...result })}\n`);
  process.exit(0);
}

main().catch(error => fail(1, `internal error: ${error.message}`));
