import { execFileSync, spawn } from 'node:child_process';
import { promises as fs, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import {
  BIN,
  FIXTURES,
  fileUri,
  listDir,
  makeTempDir,
  runWorker,
  WorkerRun,
} from './__testUtils__/worker';
import { GENERATOR_VERSION } from './version';

jest.setTimeout(60_000);

let root: string;
beforeAll(async () => {
  root = await makeTempDir();
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

let counter = 0;
async function setup(script = 'One. Two. Three.') {
  const dir = join(root, `case-${++counter}`);
  const tmp = join(dir, 'tmp');
  await fs.mkdir(tmp, { recursive: true });
  const scriptPath = join(dir, 'script.txt');
  await fs.writeFile(scriptPath, script);
  return { dir, tmp, out: join(dir, 'out'), script: scriptPath };
}

function args(photo: string, script: string, out: string) {
  return [
    'render',
    '--photo',
    fileUri(photo),
    '--script',
    fileUri(script),
    '--out',
    fileUri(out),
  ];
}

async function fakeBinary(name: string, body: string): Promise<string> {
  const path = join(root, `${name}-${++counter}`);
  await fs.writeFile(path, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return path;
}

/** Exactly one line on stderr, with the CLI's prefix. */
function expectOneLine(run: WorkerRun, reason: RegExp) {
  expect(run.stderr).toMatch(/^videogen-worker: [^\n]+\n$/);
  expect(run.stderr.trimEnd()).toMatch(reason);
}

async function expectNoOutputAndNoTemp(c: {
  dir: string;
  tmp: string;
  out: string;
}) {
  await expect(fs.stat(c.out)).rejects.toMatchObject({ code: 'ENOENT' });
  expect(
    (await listDir(c.dir)).filter(
      f => f !== 'tmp' && f !== 'script.txt' && !f.startsWith('photo'),
    ),
  ).toEqual([]);
  expect(await listDir(c.tmp)).toEqual([]);
}

describe('command line', () => {
  it('prints the generator version', async () => {
    const run = await runWorker(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${GENERATOR_VERSION}\n`);
  });

  it('prints usage with --help', async () => {
    const run = await runWorker(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'videogen-worker render --photo <uri> --script <uri> --out <uri>',
    );
    expect(run.stderr).toBe('');
  });

  it('rejects bad usage with exit code 2 and one line', async () => {
    const none = await runWorker([]);
    expect(none.code).toBe(2);
    expectOneLine(none, /missing command/);
    const unknown = await runWorker(['render', '--colour', 'red']);
    expect(unknown.code).toBe(2);
    expectOneLine(unknown, /unknown option --colour/);
  });

  it('reads its inputs from VIDEOGEN_* variables', async () => {
    const c = await setup();
    const run = await runWorker(['render'], {
      env: {
        VIDEOGEN_PHOTO_URI: fileUri(join(c.dir, 'absent.jpg')),
        VIDEOGEN_SCRIPT_URI: fileUri(c.script),
        VIDEOGEN_OUTPUT_URI: fileUri(c.out),
        VIDEOGEN_TMPDIR: c.tmp,
      },
    });
    expect(run.code).toBe(2);
    expectOneLine(
      run,
      /cannot read photo file:\/\/.*absent\.jpg: no such file$/,
    );
  });
});

describe('input errors (exit code 2, nothing written)', () => {
  it('names a missing photo', async () => {
    const c = await setup();
    const photo = join(c.dir, 'knight.jpg');
    const run = await runWorker(args(photo, c.script, c.out), {
      env: { VIDEOGEN_TMPDIR: c.tmp },
    });
    expect(run.code).toBe(2);
    expectOneLine(
      run,
      new RegExp(
        `^videogen-worker: cannot read photo ${fileUri(photo)}: no such file$`,
      ),
    );
    await expectNoOutputAndNoTemp(c);
  });

  it('names a missing script', async () => {
    const c = await setup();
    const run = await runWorker(
      args(join(FIXTURES, 'knight.jpg'), join(c.dir, 'nope.txt'), c.out),
      {
        env: { VIDEOGEN_TMPDIR: c.tmp },
      },
    );
    expect(run.code).toBe(2);
    expectOneLine(run, /cannot read script .*nope\.txt: no such file$/);
    await expectNoOutputAndNoTemp(c);
  });

  it('refuses a named pipe as the photo at once instead of waiting for a writer', async () => {
    const c = await setup();
    const photo = join(c.dir, 'photo.fifo');
    execFileSync('mkfifo', [photo]);
    const run = await runWorker(args(photo, c.script, c.out), {
      env: { VIDEOGEN_TMPDIR: c.tmp },
      killAfterMs: 20_000,
    });
    expect(run.killed).toBe(false);
    expect(run.ms).toBeLessThan(10_000);
    expect(run.code).toBe(2);
    expectOneLine(
      run,
      /^videogen-worker: cannot read photo file:\/\/.*photo\.fifo: not a regular file \(a named pipe\)$/,
    );
    await expectNoOutputAndNoTemp(c);
  });

  it('refuses a named pipe as the script at once instead of waiting for a writer', async () => {
    const c = await setup();
    await fs.rm(c.script);
    execFileSync('mkfifo', [c.script]);
    const run = await runWorker(
      args(join(FIXTURES, 'knight.jpg'), c.script, c.out),
      { env: { VIDEOGEN_TMPDIR: c.tmp }, killAfterMs: 20_000 },
    );
    expect(run.killed).toBe(false);
    expect(run.ms).toBeLessThan(10_000);
    expect(run.code).toBe(2);
    expectOneLine(
      run,
      /^videogen-worker: cannot read script .*script\.txt: not a regular file \(a named pipe\)$/,
    );
    await expectNoOutputAndNoTemp(c);
  });

  it('refuses a directory as the photo', async () => {
    const c = await setup();
    const photo = join(c.dir, 'photo.d');
    await fs.mkdir(photo);
    const run = await runWorker(args(photo, c.script, c.out), {
      env: { VIDEOGEN_TMPDIR: c.tmp },
    });
    expect(run.code).toBe(2);
    expectOneLine(
      run,
      /^videogen-worker: cannot read photo file:\/\/.*photo\.d: is a directory$/,
    );
    await expectNoOutputAndNoTemp(c);
  });

  it('names a photo it has no permission to read', async () => {
    const c = await setup();
    const photo = join(c.dir, 'photo.jpg');
    await fs.copyFile(join(FIXTURES, 'knight.jpg'), photo);
    await fs.chmod(photo, 0o000);
    // Root reads a mode-000 file regardless, so run the worker as nobody,
    // who must still reach the script and create its temp directory.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      await fs.chmod(root, 0o755);
      await fs.chmod(c.dir, 0o777);
      await fs.chmod(c.tmp, 0o777);
    }
    const run = await runWorker(args(photo, c.script, c.out), {
      env: { VIDEOGEN_TMPDIR: c.tmp },
      user: asRoot ? { uid: 65534, gid: 65534 } : undefined,
    });
    expect(run.code).toBe(2);
    expectOneLine(
      run,
      new RegExp(
        `^videogen-worker: cannot read photo ${fileUri(
          photo,
        )}: permission denied$`,
      ),
    );
    await expectNoOutputAndNoTemp(c);
  });

  it.each([
    [
      'a text file',
      Buffer.from('Once upon a time'),
      /photo is not a JPEG, PNG or WebP image$/,
    ],
    [
      'a GIF',
      Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'),
      /not a JPEG, PNG or WebP image \(it is a GIF image\)$/,
    ],
    [
      'a corrupt JPEG',
      Buffer.concat([
        Buffer.from([0xff, 0xd8, 0xff, 0xdb]),
        Buffer.alloc(64, 7),
      ]),
      /photo could not be decoded/,
    ],
    ['an empty file', Buffer.alloc(0), /photo .* is empty$/],
  ])('rejects %s as the photo', async (_what, bytes, reason) => {
    const c = await setup();
    const photo = join(c.dir, 'photo.jpg');
    await fs.writeFile(photo, bytes);
    const run = await runWorker(args(photo, c.script, c.out), {
      env: { VIDEOGEN_TMPDIR: c.tmp },
    });
    expect(run.code).toBe(2);
    expectOneLine(run, reason);
    await expectNoOutputAndNoTemp(c);
  });

  it.each([
    ['empty', '', /script .* is empty$/],
    ['punctuation only', '... !!! 😀', /nothing to narrate/],
    ['not UTF-8', '\xff\xfeO\x00n\x00c\x00e\x00', /UTF-16/],
  ])('rejects a script that is %s', async (_what, text, reason) => {
    const c = await setup();
    await fs.writeFile(
      c.script,
      Buffer.from(text, text.startsWith('\xff') ? 'latin1' : 'utf8'),
    );
    const run = await runWorker(
      args(join(FIXTURES, 'knight.jpg'), c.script, c.out),
      {
        env: { VIDEOGEN_TMPDIR: c.tmp },
      },
    );
    expect(run.code).toBe(2);
    expectOneLine(run, reason);
    await expectNoOutputAndNoTemp(c);
  });

  it('refuses an output directory holding other files and leaves them alone', async () => {
    const c = await setup();
    await fs.mkdir(c.out);
    await fs.writeFile(join(c.out, 'thesis.docx'), 'precious');
    const run = await runWorker(
      args(join(FIXTURES, 'knight.jpg'), c.script, c.out),
      {
        env: { VIDEOGEN_TMPDIR: c.tmp },
      },
    );
    expect(run.code).toBe(2);
    expectOneLine(run, /already contains other files \(thesis\.docx\)/);
    expect(await listDir(c.out)).toEqual(['thesis.docx']);
  });
});

describe('processing failures (exit code 1, nothing written, temp removed)', () => {
  it('reports which scene ffmpeg failed on, with its last meaningful line', async () => {
    const c = await setup();
    const ffmpeg = await fakeBinary(
      'ffmpeg',
      [
        'for a in "$@"; do',
        '  if [ "$a" = "seg0002.mp4" ]; then',
        '    echo "[libx264 @ 0x55d0c8a0b2c0] encoder exploded" >&2',
        '    echo "Conversion failed!" >&2',
        '    exit 1',
        '  fi',
        'done',
        'exec ffmpeg "$@"',
      ].join('\n'),
    );
    const run = await runWorker(
      args(join(FIXTURES, 'knight.jpg'), c.script, c.out),
      {
        env: { VIDEOGEN_TMPDIR: c.tmp, VIDEOGEN_FFMPEG: ffmpeg },
      },
    );
    expect(run.code).toBe(1);
    expectOneLine(
      run,
      /^videogen-worker: ffmpeg failed while rendering scene 3: libx264: encoder exploded$/,
    );
    await expectNoOutputAndNoTemp(c);
  });

  it('reports an espeak-ng failure', async () => {
    const c = await setup();
    const espeak = await fakeBinary(
      'espeak-ng',
      'echo "Error processing file: voice data missing" >&2\nexit 1',
    );
    const run = await runWorker(
      args(join(FIXTURES, 'knight.jpg'), c.script, c.out),
      {
        env: { VIDEOGEN_TMPDIR: c.tmp, VIDEOGEN_ESPEAK: espeak },
      },
    );
    expect(run.code).toBe(1);
    expectOneLine(
      run,
      /espeak-ng failed while narrating scene \d: Error processing file: voice data missing$/,
    );
    await expectNoOutputAndNoTemp(c);
  });

  it('says when a tool is not installed', async () => {
    const c = await setup();
    const run = await runWorker(
      args(join(FIXTURES, 'knight.jpg'), c.script, c.out),
      {
        env: {
          VIDEOGEN_TMPDIR: c.tmp,
          VIDEOGEN_FFPROBE: '/nonexistent/ffprobe',
        },
      },
    );
    expect(run.code).toBe(1);
    expectOneLine(
      run,
      /\/nonexistent\/ffprobe is not installed or not on PATH/,
    );
    await expectNoOutputAndNoTemp(c);
  });

  it('ends itself by SIGTERM when cleanup hangs, still removing its temp directory', async () => {
    const c = await setup();
    // The first segment's ffmpeg leaves a child holding its stdout and
    // stderr open: after SIGTERM the worker kills ffmpeg but waits in vain
    // for those pipes to close, so only the cleanup deadline can end it.
    const strays = join(root, `strays-${++counter}`);
    const ffmpeg = await fakeBinary(
      'ffmpeg-stray',
      [
        'for a in "$@"; do',
        '  if [ "$a" = "seg0000.mp4" ]; then',
        `    sleep 120 & echo $! >> '${strays}'`,
        '  fi',
        'done',
        'exec ffmpeg "$@"',
      ].join('\n'),
    );
    let terminated = false;
    try {
      const run = await runWorker(
        [
          ...args(join(FIXTURES, 'knight.jpg'), c.script, c.out),
          '--concurrency',
          '3',
        ],
        {
          env: { VIDEOGEN_TMPDIR: c.tmp, VIDEOGEN_FFMPEG: ffmpeg },
          killAfterMs: 50_000,
          onEvent: (event, child) => {
            // Another segment finished, so the first one's stray is running.
            if (
              event.stage === 'render' &&
              Number(event.done) >= 1 &&
              !terminated
            ) {
              terminated = true;
              child.kill('SIGTERM');
            }
          },
        },
      );
      expect(terminated).toBe(true);
      expect(run.killed).toBe(false);
      expect(run.signal).toBe('SIGTERM');
      expect(run.stderr).toBe(
        'videogen-worker: cancelled by SIGTERM (cleanup timed out)\n',
      );
      await expectNoOutputAndNoTemp(c);
    } finally {
      const pids = await fs.readFile(strays, 'utf8').catch(() => '');
      for (const pid of pids.split('\n').filter(Boolean)) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
  });

  it.each([
    ['SIGTERM', 'render', 143],
    ['SIGINT', 'narration', 130],
  ] as const)(
    'cleans up on %s during the %s stage and exits %i',
    async (signal, stage, code) => {
      const c = await setup(
        'The first sentence is here. The second one follows it. A third one closes the story.',
      );
      let killedAt: unknown;
      const run = await runWorker(
        args(join(FIXTURES, 'knight.jpg'), c.script, c.out),
        {
          env: { VIDEOGEN_TMPDIR: c.tmp },
          onEvent: (event, child) => {
            if (event.stage === stage && killedAt === undefined) {
              killedAt = event;
              child.kill(signal);
            }
          },
        },
      );
      expect(killedAt).toBeDefined();
      expect(run.code).toBe(code);
      expect(run.stderr).toBe(`videogen-worker: cancelled by ${signal}\n`);
      await expectNoOutputAndNoTemp(c);
      // No ffmpeg or espeak-ng left running in the (removed) work directory.
      const cwds = readdirSync('/proc')
        .filter(p => /^\d+$/.test(p))
        .map(p => {
          try {
            return readlinkSync(`/proc/${p}/cwd`);
          } catch {
            return '';
          }
        });
      expect(cwds.filter(cwd => cwd.startsWith(c.tmp))).toEqual([]);
    },
  );
});

describe('--lease-stdin', () => {
  it('cancels the render and publishes nothing when standard input closes', async () => {
    const c = await setup(
      'The first sentence is here. The second one follows.',
    );
    let closedAt: unknown;
    const run = await runWorker(
      [...args(join(FIXTURES, 'knight.jpg'), c.script, c.out), '--lease-stdin'],
      {
        env: { VIDEOGEN_TMPDIR: c.tmp },
        stdinPipe: true,
        onEvent: (event, child) => {
          if (event.stage === 'narration' && closedAt === undefined) {
            closedAt = event;
            child.stdin!.end();
          }
        },
      },
    );
    expect(closedAt).toBeDefined();
    expect(run.code).toBe(143);
    expect(run.stderr).toBe(
      'videogen-worker: cancelled: the job lease ended (standard input closed), nothing was published\n',
    );
    await expectNoOutputAndNoTemp(c);
  });

  it('ends when the parent holding the lease is killed with SIGKILL', async () => {
    const c = await setup(
      'The first sentence is here. The second one follows.',
    );
    // A parent that starts the worker with a stdin pipe, reports its pid and
    // then waits: killing it with SIGKILL closes the pipe in the kernel.
    const parentScript = [
      "const { spawn } = require('node:child_process');",
      `const child = spawn(process.execPath, ${JSON.stringify([
        BIN,
        ...args(join(FIXTURES, 'knight.jpg'), c.script, c.out),
        '--lease-stdin',
      ])}, { stdio: ['pipe', 'ignore', 'ignore'], env: { ...process.env, VIDEOGEN_TMPDIR: ${JSON.stringify(
        c.tmp,
      )}, VIDEOGEN_WORKER_FROM_SOURCE: '1' } });`,
      'console.log(child.pid);',
      'setInterval(() => {}, 1000);',
    ].join('\n');
    const parent = spawn(process.execPath, ['-e', parentScript], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const workerPid = Number(
      await new Promise<string>(resolve =>
        parent.stdout.once('data', (d: Buffer) => resolve(d.toString())),
      ),
    );
    // Let the render get going before its parent dies.
    await new Promise(resolve => setTimeout(resolve, 1500));
    parent.kill('SIGKILL');
    const alive = () => {
      try {
        process.kill(workerPid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const deadline = Date.now() + 10_000;
    while (alive() && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    expect(alive()).toBe(false);
    await expectNoOutputAndNoTemp(c);
  });
});

describe('full disk', () => {
  // A real full disk where possible (root may mount a tiny tmpfs); otherwise
  // an ffmpeg that fails the way ffmpeg does on ENOSPC.
  let mounts: string[] = [];
  async function tinyTmpfs(dir: string): Promise<boolean> {
    await fs.mkdir(dir, { recursive: true });
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=200k', 'tmpfs', dir], {
        stdio: 'ignore',
      });
      mounts.push(dir);
      return true;
    } catch {
      return false;
    }
  }
  afterAll(() => {
    for (const dir of mounts) {
      execFileSync('umount', [dir], { stdio: 'ignore' });
    }
    mounts = [];
  });

  it('reports a full output file system and leaves nothing there', async () => {
    const c = await setup('A short story about a knight who rode out at dusk.');
    const disk = join(c.dir, 'disk');
    const env: NodeJS.ProcessEnv = { VIDEOGEN_TMPDIR: c.tmp };
    let out = c.out;
    if (await tinyTmpfs(disk)) {
      // Leave ~24 KiB free: too little for video.mp4.
      await fs.writeFile(join(disk, 'filler'), Buffer.alloc(176 * 1024));
      out = join(disk, 'out');
    } else {
      env.VIDEOGEN_FFMPEG = await fakeBinary(
        'ffmpeg-full',
        'echo "[mp4 @ 0x5600] av_interleaved_write_frame(): No space left on device" >&2\nexit 1',
      );
    }
    const run = await runWorker(
      args(join(FIXTURES, 'knight.jpg'), c.script, out),
      { env },
    );
    expect(run.code).toBe(1);
    const realDisk = out !== c.out;
    expectOneLine(
      run,
      realDisk
        ? new RegExp(
            `no space left on device while writing ${fileUri(out)}/video.mp4$`,
          )
        : /^videogen-worker: no space left on device while preparing the photo$/,
    );
    // Only the filler remains on the full disk (no staging directory).
    expect(await listDir(disk)).toEqual(realDisk ? ['filler'] : []);
    expect(await listDir(c.tmp)).toEqual([]);
  });

  it('reports a full temporary file system', async () => {
    const c = await setup();
    const disk = join(c.dir, 'tmpdisk');
    const env: NodeJS.ProcessEnv = { VIDEOGEN_TMPDIR: disk };
    if (!(await tinyTmpfs(disk))) {
      env.VIDEOGEN_TMPDIR = c.tmp;
      env.VIDEOGEN_FFMPEG = await fakeBinary(
        'ffmpeg-full',
        'echo "Error writing trailer: No space left on device" >&2\nexit 1',
      );
    }
    const run = await runWorker(
      args(join(FIXTURES, 'knight.jpg'), c.script, c.out),
      { env },
    );
    expect(run.code).toBe(1);
    expectOneLine(
      run,
      /^videogen-worker: no space left on device while (preparing the photo|writing temporary files)$/,
    );
    expect(await listDir(env.VIDEOGEN_TMPDIR!)).toEqual([]);
    await expect(fs.stat(c.out)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
