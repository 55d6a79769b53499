#!/usr/bin/env node
/*
 * Browser hashing of a 20 MiB photo in Chromium: the upload's streaming
 * hasher (hash-wasm in its Web Worker, 8 MiB slices: the plugin's own
 * plugins/videogen/src/upload code, bundled here with esbuild) against
 * WebCrypto's one-shot `crypto.subtle.digest('SHA-256', wholeBuffer)`, plus
 * the same streaming hasher on the main thread (the fallback where there is
 * no Worker), and reading the file in the same slices without hashing (what
 * the browser's file reading alone costs).
 *
 *   node bench/browser-hashing/hashing.bench.mjs [--reps 7] [--mib 20] [--json out.json]
 *
 * Each repetition of each method gets a fresh Chromium (so peak memory is the
 * method's own), loads a tiny page from loopback, picks the photo through an
 * <input type=file> (a disk-backed File, as in the app) and hashes it. Time
 * is measured in the page (performance.now) from the start (the worker's
 * creation included) to the digest. Memory: the renderer processes' peak RSS
 * (VmHWM, which includes the worker thread and ArrayBuffer backing stores
 * that the JS heap figures leave out) above their RSS just before hashing, and
 * the main thread's peak JS heap (CDP Runtime.getHeapUsage, sampled every
 * 20 ms). Every digest is checked against node:crypto.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const require = createRequire(path.join(root, 'package.json'));
const esbuild = require('esbuild');
const { chromium } = require('playwright-core');

const args = process.argv.slice(2);
const arg = (name, fallback) =>
  args.includes(name) ? args[args.indexOf(name) + 1] : fallback;
const REPS = Number(arg('--reps', '7'));
const MIB = Number(arg('--mib', '20'));
const jsonOut = arg('--json', '');
const METHODS = [
  'stream-worker',
  'webcrypto-oneshot',
  'stream-main',
  'read-only',
];

// The plugin's own hashing code, as the app ships it.
const upload = path.join(root, 'plugins/videogen/src/upload');
async function bundle(entry, extra = {}) {
  const out = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    ...extra,
  });
  return out.outputFiles[0].text;
}
const workerJs = await bundle(path.join(upload, 'hashWorker.ts'));
const mainJs = await bundle(path.join(upload, 'sha256.ts'), {
  globalName: 'videogenHash',
});

const PAGE = `<!doctype html><meta charset="utf-8"><title>hashing</title>
<input type="file" id="file">
<script src="/sha256.js"></script>
<script>
window.runHash = async method => {
  const file = document.getElementById('file').files[0];
  const t0 = performance.now();
  let sha256;
  if (method === 'stream-worker') {
    const worker = new Worker('/hashWorker.js');
    sha256 = await new Promise((resolve, reject) => {
      worker.onmessage = e => {
        if (e.data.type === 'done') resolve(e.data.sha256);
        if (e.data.type === 'error') reject(new Error(e.data.message));
      };
      worker.onerror = e => reject(new Error(e.message));
      worker.postMessage({ id: 1, blob: file });
    });
    worker.terminate();
  } else if (method === 'stream-main') {
    sha256 = await videogenHash.sha256OfBlob(file);
  } else if (method === 'read-only') {
    // What reading the File costs without hashing: the same 8 MiB slices.
    for (let at = 0; at < file.size; at += 8 << 20) {
      await file.slice(at, at + (8 << 20)).arrayBuffer();
    }
    sha256 = null;
  } else {
    const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
    sha256 = Array.from(new Uint8Array(digest), b => b.toString(16).padStart(2, '0')).join('');
  }
  return { sha256, ms: performance.now() - t0 };
};
</script>`;

const server = http.createServer((req, res) => {
  const body =
    req.url === '/'
      ? [PAGE, 'text/html']
      : req.url === '/hashWorker.js'
      ? [workerJs, 'text/javascript']
      : req.url === '/sha256.js'
      ? [mainJs, 'text/javascript']
      : undefined;
  if (!body) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': body[1], 'cache-control': 'no-store' });
  res.end(body[0]);
});
await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/`;

// The photo: deterministic pseudo-random bytes (incompressible, like JPEG).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'browser-hashing-'));
const photo = path.join(dir, 'photo.jpg');
const size = MIB * 1024 * 1024;
{
  const seed = crypto.createHash('sha256').update('videogen').digest();
  const cipher = crypto.createCipheriv('aes-256-ctr', seed, Buffer.alloc(16));
  fs.writeFileSync(photo, cipher.update(Buffer.alloc(size)));
}
const expected = crypto
  .createHash('sha256')
  .update(fs.readFileSync(photo))
  .digest('hex');

function kib(pid, field) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
}

/** The renderer processes under the browser's process. */
function renderers(browserPid) {
  const found = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!cmd.includes('--type=renderer')) continue;
      // Walk up to the browser process.
      let pid = Number(entry);
      for (let i = 0; i < 5 && pid > 1; i++) {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (pid === browserPid) {
          found.push(Number(entry));
          break;
        }
      }
    } catch {
      // The process ended meanwhile.
    }
  }
  return found;
}

async function once(method) {
  // A server, for its process id (the renderer is found under it).
  const server = await chromium.launchServer({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const browser = await chromium.connect(server.wsEndpoint());
  try {
    const page = await browser.newPage();
    await page.goto(url);
    await page.locator('#file').setInputFiles(photo);
    // Chromium keeps a spare renderer or two; the idle ones add ~0.
    const pids = renderers(server.process().pid);
    if (pids.length === 0) throw new Error('no renderer process found');
    const rssBefore = pids.map(pid => kib(pid, 'VmRSS'));
    const cdp = await page.context().newCDPSession(page);
    let heapPeak = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const { usedSize } = await cdp.send('Runtime.getHeapUsage');
        heapPeak = Math.max(heapPeak, usedSize);
        await new Promise(resolve => setTimeout(resolve, 20));
      }
    })();
    const result = await page.evaluate(m => window.runHash(m), method);
    sampling = false;
    await sampler;
    const peakAbove = pids
      .map((pid, i) => kib(pid, 'VmHWM') - rssBefore[i])
      .reduce((a, b) => a + Math.max(0, b), 0);
    if (method !== 'read-only' && result.sha256 !== expected) {
      throw new Error(`${method}: ${result.sha256} is not ${expected}`);
    }
    return {
      ms: result.ms,
      peakRssAboveMiB: peakAbove / 1024,
      heapPeakMiB: heapPeak / 1024 / 1024,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

const median = values => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const runs = Object.fromEntries(METHODS.map(m => [m, []]));
try {
  // One warm-up of each (first Chromium start on a cold disk cache).
  for (const method of METHODS) await once(method);
  for (let rep = 0; rep < REPS; rep++) {
    // Rotate the order so no method always runs first.
    for (let i = 0; i < METHODS.length; i++) {
      const method = METHODS[(rep + i) % METHODS.length];
      runs[method].push(await once(method));
    }
  }
} finally {
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

const summary = METHODS.map(method => ({
  method,
  medianMs: median(runs[method].map(r => r.ms)),
  medianPeakRssAboveMiB: median(runs[method].map(r => r.peakRssAboveMiB)),
  medianMainHeapPeakMiB: median(runs[method].map(r => r.heapPeakMiB)),
}));
const peer = summary.find(s => s.method === 'webcrypto-oneshot');
const fmt = (n, d = 1) => n.toFixed(d);
console.log(
  `photo ${MIB} MiB, ${REPS} repetitions each, Chromium ${browserVersion()}, loadavg ${fs
    .readFileSync('/proc/loadavg', 'utf8')
    .trim()}`,
);
console.log(
  '| method | median ms | MiB/s | time ratio vs WebCrypto | peak renderer RSS above start (MiB) | main-thread JS heap peak (MiB) |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const s of summary) {
  console.log(
    `| ${s.method} | ${fmt(s.medianMs, 0)} | ${fmt(
      MIB / (s.medianMs / 1000),
      0,
    )} | ${fmt(s.medianMs / peer.medianMs, 2)} | ${fmt(
      s.medianPeakRssAboveMiB,
    )} | ${fmt(s.medianMainHeapPeakMiB)} |`,
  );
}
console.log('\nevery run (ms / peak RSS above start MiB / heap MiB):');
for (const method of METHODS) {
  console.log(
    `${method}: ${runs[method]
      .map(
        r => `${fmt(r.ms, 0)}/${fmt(r.peakRssAboveMiB)}/${fmt(r.heapPeakMiB)}`,
      )
      .join('  ')}`,
  );
}
if (jsonOut) {
  fs.writeFileSync(
    jsonOut,
    `${JSON.stringify({ MIB, REPS, summary, runs }, null, 2)}\n`,
  );
}

function browserVersion() {
  try {
    return require('node:child_process')
      .execFileSync(
        process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        ['--version'],
        {
          encoding: 'utf8',
        },
      )
      .trim()
      .replace(/^Chromium\s*/, '');
  } catch {
    return '?';
  }
}
