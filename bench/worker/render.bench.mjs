#!/usr/bin/env node
/*
 * Benchmark of the video generator (packages/worker).
 *
 * For each character fixture it measures, in the same run:
 *   (a) the worker: `videogen-worker render` (file:// in and out), and
 *   (b) a naive baseline: espeak-ng on the whole script, then ONE ffmpeg
 *       command (-loop 1 photo + narration, scale + zoompan, libx264 default
 *       preset, AAC) producing a video of the same resolution and length;
 * CPU seconds (user+sys of the whole process tree), wall seconds, both per
 * second of produced video, and peak memory of the whole process tree (the
 * sum of VmRSS over node and every ffmpeg/espeak-ng it runs, sampled every
 * 50 ms, maximum kept).
 *
 * With --presets it also re-encodes the worker's own segments (from the kept
 * work directory's commands.json) with each x264 preset and reports CPU time,
 * size and quality (SSIM/PSNR against a lossless encode of the same frames).
 *
 * Usage (from the repo root):
 *   node bench/worker/render.bench.mjs [--fixtures knight,robot,fox]
 *        [--presets ultrafast,superfast,veryfast,faster,fast,medium | --no-presets]
 *        [--keep]
 *
 * Needs ffmpeg, ffprobe, espeak-ng, Linux /proc (for the memory samples)
 * and, for CPU, GNU time (/usr/bin/time, Debian package "time"); without it
 * CPU comes from bash's `times`.
 */
import { spawn } from 'node:child_process';
import { existsSync, promises as fs, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(REPO, 'packages/worker/bin/videogen-worker');
const FIXTURES = join(REPO, 'fixtures/characters');
const PHOTOS = { knight: 'knight.jpg', robot: 'robot.png', fox: 'fox.webp' };
const GNU_TIME = '/usr/bin/time';
const HAVE_GNU_TIME = existsSync(GNU_TIME);

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : process.argv[i + 1];
}
const flag = name => process.argv.includes(name);

const fixtures = option('--fixtures', 'knight,robot,fox').split(',');
const presets = flag('--no-presets')
  ? []
  : option(
      '--presets',
      'ultrafast,superfast,veryfast,faster,fast,medium',
    ).split(',');

const SAMPLE_MS = 50;

/** A process's direct children, from every one of its threads. */
function childrenOf(pid) {
  let tasks;
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return []; // Exited meanwhile.
  }
  const children = [];
  for (const tid of tasks) {
    try {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8');
      children.push(...text.split(' ').filter(Boolean).map(Number));
    } catch {
      // Thread or process gone.
    }
  }
  return children;
}

/** VmRSS and command name of a process (0 once it has exited). */
function rssOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return {
      kib: Number(status.match(/^VmRSS:\s+(\d+) kB/m)?.[1] ?? 0),
      name: status.match(/^Name:\s+(.*)$/m)?.[1] ?? '?',
    };
  } catch {
    return { kib: 0, name: '?' };
  }
}

/**
 * Samples the summed VmRSS of every descendant of `rootPid` (not the root
 * itself: it is the GNU time or bash wrapper) every SAMPLE_MS and keeps the
 * maximum: the worker runs node plus several ffmpeg processes at once, so
 * the largest single process says little. Shared pages (libraries, the
 * same binary) count once per process, so this is an upper bound.
 */
function sampleTreeRss(rootPid) {
  let peakKiB = 0;
  let peakParts = [];
  let samples = 0;
  const sample = () => {
    let total = 0;
    const parts = [];
    const pending = childrenOf(rootPid);
    const seen = new Set();
    while (pending.length > 0) {
      const pid = pending.pop();
      if (seen.has(pid)) {
        continue;
      }
      seen.add(pid);
      const { kib, name } = rssOf(pid);
      if (kib > 0) {
        total += kib;
        parts.push({ name, kib });
      }
      pending.push(...childrenOf(pid));
    }
    samples++;
    if (total > peakKiB) {
      peakKiB = total;
      peakParts = parts;
    }
  };
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  return () => {
    clearInterval(timer);
    return {
      peakMiB: samples > 0 ? peakKiB / 1024 : NaN,
      samples,
      // What was running at the peak, e.g. "node 118 + ffmpeg 130 + ffmpeg 128".
      atPeak: peakParts
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .map(p => `${p.name} ${Math.round(p.kib / 1024)}`)
        .join(' + '),
    };
  };
}

function run(program, args, { cwd, env, capture, onSpawn } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(program, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', capture ? 'pipe' : 'ignore', 'pipe'],
    });
    const finishSampling = onSpawn?.(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', d => (stdout += d));
    child.stderr.on('data', d => (stderr += d));
    child.on('error', reject);
    // 'exit', not 'close': the tree is gone once the wrapper has exited.
    child.on('exit', () => finishSampling?.());
    child.on('close', code =>
      code === 0
        ? resolvePromise({ stdout, stderr })
        : reject(
            new Error(
              `${program} ${args
                .slice(0, 3)
                .join(' ')}… exited ${code}: ${stderr.slice(-500)}`,
            ),
          ),
    );
  });
}

/**
 * Runs a command and returns CPU (user+sys of it and its children), wall and
 * peak memory of its process tree.
 */
async function measure(program, args, options = {}) {
  const started = process.hrtime.bigint();
  let memory = { peakMiB: NaN, samples: 0, atPeak: '' };
  const onSpawn = pid => {
    if (pid === undefined) {
      return undefined;
    }
    const stop = sampleTreeRss(pid);
    return () => {
      memory = stop();
    };
  };
  options = { ...options, onSpawn };
  if (HAVE_GNU_TIME) {
    const report = join(
      os.tmpdir(),
      `bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`,
    );
    await run(GNU_TIME, ['-v', '-o', report, program, ...args], options);
    const text = await fs.readFile(report, 'utf8');
    await fs.rm(report, { force: true });
    const num = re => Number(text.match(re)?.[1] ?? NaN);
    return {
      cpu:
        num(/User time \(seconds\): ([\d.]+)/) +
        num(/System time \(seconds\): ([\d.]+)/),
      wall: Number(process.hrtime.bigint() - started) / 1e9,
      rssMiB: memory.peakMiB,
      samples: memory.samples,
      atPeak: memory.atPeak,
      largestProcessMiB:
        num(/Maximum resident set size \(kbytes\): (\d+)/) / 1024,
    };
  }
  const { stderr } = await run(
    'bash',
    [
      '-c',
      '"$@" >/dev/null 2>&1; status=$?; times >&2; exit $status',
      'bash',
      program,
      ...args,
    ],
    options,
  );
  // `times` prints the shell's then its children's "user sys" (e.g. 0m1.230s 0m0.100s).
  const lines = stderr.trim().split('\n');
  const seconds = s => {
    const m = s.match(/(\d+)m([\d.]+)s/);
    return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
  };
  const [user, sys] = lines[lines.length - 1].trim().split(/\s+/).map(seconds);
  return {
    cpu: user + sys,
    wall: Number(process.hrtime.bigint() - started) / 1e9,
    rssMiB: memory.peakMiB,
    samples: memory.samples,
    atPeak: memory.atPeak,
    largestProcessMiB: NaN,
  };
}

// The naive baseline's two commands run one after the other: peaks don't add.
const add = (a, b) => ({
  cpu: a.cpu + b.cpu,
  wall: a.wall + b.wall,
  rssMiB: Math.max(a.rssMiB, b.rssMiB),
  atPeak: a.rssMiB >= b.rssMiB ? a.atPeak : b.atPeak,
  largestProcessMiB: Math.max(a.largestProcessMiB, b.largestProcessMiB),
  samples: a.samples + b.samples,
});
const f = (n, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

async function duration(path) {
  const { stdout } = await run(
    'ffprobe',
    ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path],
    {
      capture: true,
    },
  );
  return Number(stdout.trim());
}

async function benchFixture(name, work) {
  const photo = join(FIXTURES, PHOTOS[name]);
  const script = join(FIXTURES, `${name}.txt`);
  const tmp = join(work, `tmp-${name}`);
  const out = join(work, `out-${name}`);
  await fs.mkdir(tmp, { recursive: true });

  const worker = await measure(
    process.execPath,
    [
      BIN,
      'render',
      '--photo',
      `file://${photo}`,
      '--script',
      `file://${script}`,
      '--out',
      `file://${out}`,
    ],
    { env: { VIDEOGEN_TMPDIR: tmp, VIDEOGEN_KEEP_WORKDIR: '1' } },
  );
  const seconds = await duration(join(out, 'video.mp4'));

  // The naive baseline: same photo, same script, same length and size.
  const wav = join(work, `naive-${name}.wav`);
  const naiveOut = join(work, `naive-${name}.mp4`);
  const tts = await measure('espeak-ng', [
    '-v',
    'en-us',
    '-s',
    '150',
    '-f',
    script,
    '-w',
    wav,
  ]);
  const frames = Math.round(seconds * 25);
  const encode = await measure('ffmpeg', [
    '-nostdin',
    '-y',
    '-loglevel',
    'error',
    '-loop',
    '1',
    '-framerate',
    '25',
    '-i',
    photo,
    '-i',
    wav,
    '-filter_complex',
    `[0:v]scale=2560:1440:force_original_aspect_ratio=increase,crop=2560:1440,` +
      `zoompan=z='1+0.2*in/${frames}':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d=1:s=1280x720:fps=25,format=yuv420p[v];` +
      `[1:a]apad[a]`,
    '-map',
    '[v]',
    '-map',
    '[a]',
    '-c:v',
    'libx264',
    '-c:a',
    'aac',
    '-frames:v',
    String(frames),
    '-t',
    String(seconds),
    naiveOut,
  ]);
  const naive = add(tts, encode);
  const naiveSeconds = await duration(naiveOut);
  const [workDir] = await fs.readdir(tmp);
  return {
    name,
    seconds,
    naiveSeconds,
    worker,
    naive,
    workerBytes: (await fs.stat(join(out, 'video.mp4'))).size,
    naiveBytes: (await fs.stat(naiveOut)).size,
    workDir: join(tmp, workDir),
  };
}

/** Runs tasks with the worker's default parallelism (one per CPU). */
async function pool(tasks, limit) {
  const results = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]();
      }
    }),
  );
  return results;
}

async function comparePresets(fixture, work) {
  const commands = JSON.parse(
    await fs.readFile(join(fixture.workDir, 'commands.json'), 'utf8'),
  );
  const segments = commands.filter(
    c =>
      c.args.includes('-frames:v') &&
      /^seg\d+\.mp4$/.test(c.args[c.args.length - 1]),
  );
  const cpus = os.availableParallelism?.() ?? os.cpus().length;

  const encodeAll = async (label, rewrite) => {
    const names = [];
    const started = process.hrtime.bigint();
    const measured = await pool(
      segments.map((c, i) => async () => {
        const name = `${label}-${String(i).padStart(4, '0')}.mp4`;
        names.push(name);
        const args = rewrite([...c.args]);
        args[args.length - 1] = name;
        return measure(c.program, args, { cwd: fixture.workDir });
      }),
      cpus,
    );
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    const list = join(fixture.workDir, `${label}.txt`);
    await fs.writeFile(
      list,
      names
        .sort()
        .map(n => `file '${n}'\n`)
        .join(''),
    );
    const joined = join(work, `${label}.mp4`);
    await run('ffmpeg', [
      '-nostdin',
      '-y',
      '-loglevel',
      'error',
      '-f',
      'concat',
      '-safe',
      '0',
      '-i',
      list,
      '-c',
      'copy',
      joined,
    ]);
    return { cpu: measured.reduce((s, m) => s + m.cpu, 0), wall, path: joined };
  };

  // Lossless reference of exactly the same frames.
  const reference = await encodeAll('ref', args => {
    const at = args.indexOf('-c:v');
    const tail = args.slice(args.indexOf('-an'));
    return [
      ...args.slice(0, at),
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-qp',
      '0',
      '-pix_fmt',
      'yuv420p',
      ...tail,
    ];
  });

  const rows = [];
  for (const preset of presets) {
    const encoded = await encodeAll(`preset-${preset}`, args => {
      args[args.indexOf('-preset') + 1] = preset;
      return args;
    });
    const { stderr } = await run('ffmpeg', [
      '-nostdin',
      '-i',
      encoded.path,
      '-i',
      reference.path,
      '-lavfi',
      '[0:v]split[a0][a1];[1:v]split[b0][b1];[a0][b0]ssim;[a1][b1]psnr',
      '-f',
      'null',
      '-',
    ]);
    rows.push({
      preset,
      cpu: encoded.cpu,
      wall: encoded.wall,
      kbps: ((await fs.stat(encoded.path)).size * 8) / 1000 / fixture.seconds,
      ssim: Number(stderr.match(/SSIM .*All:([\d.]+)/)?.[1]),
      psnr: Number(stderr.match(/PSNR .*average:([\d.inf]+)/)?.[1]),
    });
  }
  return { segments: segments.length, rows };
}

async function main() {
  const work = await fs.mkdtemp(join(os.tmpdir(), 'videogen-bench-'));
  const load = os
    .loadavg()
    .map(n => n.toFixed(2))
    .join(' ');
  const results = [];
  try {
    for (const name of fixtures) {
      process.stderr.write(`bench: ${name}…\n`);
      results.push(await benchFixture(name, work));
    }

    const lines = [];
    lines.push(
      `Machine: ${os.cpus().length} × ${
        os.cpus()[0]?.model ?? 'unknown CPU'
      }, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${
        process.version
      }, load average at start ${load}`,
    );
    lines.push(
      `Worker run from ${
        existsSync(join(REPO, 'packages/worker/dist/index.cjs.js'))
          ? 'dist/'
          : 'TypeScript source (node transform)'
      }; CPU via ${
        HAVE_GNU_TIME ? 'GNU time -v' : "bash 'times'"
      }; peak memory = max over ${SAMPLE_MS} ms samples of the summed VmRSS of the process tree.`,
    );
    lines.push('');
    lines.push(
      '| fixture | video s | worker CPU s/s | worker wall s/s | worker peak tree RSS MiB | naive CPU s/s | naive wall s/s | naive peak tree RSS MiB | CPU ratio (worker/naive) | wall ratio | memory ratio | worker kbit/s | naive kbit/s |',
    );
    lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const r of results) {
      lines.push(
        `| ${r.name} | ${f(r.seconds)} | ${f(r.worker.cpu / r.seconds)} | ${f(
          r.worker.wall / r.seconds,
        )} | ${f(r.worker.rssMiB, 0)} | ` +
          `${f(r.naive.cpu / r.naiveSeconds)} | ${f(
            r.naive.wall / r.naiveSeconds,
          )} | ${f(r.naive.rssMiB, 0)} | ` +
          `${f(
            r.worker.cpu / r.seconds / (r.naive.cpu / r.naiveSeconds),
          )} | ${f(
            r.worker.wall / r.seconds / (r.naive.wall / r.naiveSeconds),
          )} | ${f(r.worker.rssMiB / r.naive.rssMiB)} | ` +
          `${f((r.workerBytes * 8) / 1000 / r.seconds, 0)} | ${f(
            (r.naiveBytes * 8) / 1000 / r.naiveSeconds,
            0,
          )} |`,
      );
    }
    // The old single-process figure, for comparison with earlier results.
    lines.push('');
    lines.push(
      '| fixture | worker tree peak MiB | worker processes at the peak (MiB) | worker largest process MiB | worker samples | naive tree peak MiB | naive largest process MiB |',
    );
    lines.push('|---|---|---|---|---|---|---|');
    for (const r of results) {
      lines.push(
        `| ${r.name} | ${f(r.worker.rssMiB, 0)} | ${r.worker.atPeak} | ${f(
          r.worker.largestProcessMiB,
          0,
        )} | ${r.worker.samples} | ${f(r.naive.rssMiB, 0)} | ${f(
          r.naive.largestProcessMiB,
          0,
        )} |`,
      );
    }

    const base = results.find(r => r.name === 'knight') ?? results[0];
    if (presets.length > 0 && base) {
      process.stderr.write(`bench: x264 presets on ${base.name}…\n`);
      const { segments, rows } = await comparePresets(base, work);
      lines.push('');
      lines.push(
        `x264 presets on the ${base.name} fixture's ${segments} segments (${f(
          base.seconds,
        )} s of video, CRF and all other parameters unchanged, ${
          os.availableParallelism?.() ?? os.cpus().length
        } segments in parallel):`,
      );
      lines.push('');
      lines.push(
        '| preset | encode CPU s | CPU s per video s | wall s | kbit/s | SSIM vs lossless | PSNR dB |',
      );
      lines.push('|---|---|---|---|---|---|---|');
      for (const row of rows) {
        lines.push(
          `| ${row.preset} | ${f(row.cpu)} | ${f(row.cpu / base.seconds)} | ${f(
            row.wall,
          )} | ${f(row.kbps, 0)} | ${f(row.ssim, 4)} | ${f(row.psnr)} |`,
        );
      }
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    if (flag('--keep')) {
      process.stderr.write(`bench: kept ${work}\n`);
    } else {
      await fs.rm(work, { recursive: true, force: true });
    }
  }
}

main().catch(error => {
  process.stderr.write(`bench failed: ${error.message}\n`);
  process.exit(1);
});
