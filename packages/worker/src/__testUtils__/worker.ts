import { execFile as execFileCb, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFileCb);

export const PACKAGE_DIR = resolve(__dirname, '../..');
export const BIN = join(PACKAGE_DIR, 'bin/videogen-worker');
export const FIXTURES = resolve(PACKAGE_DIR, '../../fixtures/characters');

export interface WorkerRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Wall-clock run time. */
  ms: number;
  /** The run outlived killAfterMs and was killed with SIGKILL. */
  killed: boolean;
  stdout: string;
  stderr: string;
  events: Array<Record<string, unknown>>;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** Called with each JSON line on stdout; may kill the child. */
  onEvent?: (
    event: Record<string, unknown>,
    child: ReturnType<typeof spawn>,
  ) => void;
  /** Run the worker as this user and group (tests run as root, who reads anything). */
  user?: { uid: number; gid: number };
  /** Give the worker a standard input the test can close (`child.stdin`). */
  stdinPipe?: boolean;
  /** SIGKILL the worker if it runs longer, so a hang fails a test instead of outliving it. */
  killAfterMs?: number;
}

/** Runs the CLI from source as a child process, like the backend's queue does. */
export function runWorker(
  args: string[],
  options: RunOptions = {},
): Promise<WorkerRun> {
  return new Promise((resolvePromise, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], {
      ...options.user,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        VIDEOGEN_WORKER_FROM_SOURCE: '1',
        ...options.env,
      },
      stdio: [options.stdinPipe ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let pending = '';
    const events: Array<Record<string, unknown>> = [];
    child.stdout!.setEncoding('utf8');
    child.stderr!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      stdout += chunk;
      pending += chunk;
      let newline = pending.indexOf('\n');
      while (newline !== -1) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
        try {
          const event = JSON.parse(line);
          events.push(event);
          options.onEvent?.(event, child);
        } catch {
          // Not JSON (e.g. --help text).
        }
      }
    });
    child.stderr!.on('data', (chunk: string) => {
      stderr += chunk;
    });
    let killed = false;
    const timer =
      options.killAfterMs === undefined
        ? undefined
        : setTimeout(() => {
            killed = true;
            child.kill('SIGKILL');
          }, options.killAfterMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({
        code,
        signal,
        ms: Date.now() - started,
        killed,
        stdout,
        stderr,
        events,
      });
    });
  });
}

export async function makeTempDir(
  prefix = 'videogen-worker-test-',
): Promise<string> {
  return fs.mkdtemp(join(os.tmpdir(), prefix));
}

export async function sha256(path: string): Promise<string> {
  return createHash('sha256')
    .update(await fs.readFile(path))
    .digest('hex');
}

export interface Probe {
  format: { duration: string; format_name: string };
  streams: Array<{
    codec_type: string;
    codec_name: string;
    width?: number;
    height?: number;
    pix_fmt?: string;
    duration?: string;
  }>;
}

export async function ffprobe(path: string): Promise<Probe> {
  const { stdout } = await execFileAsync('ffprobe', [
    '-v',
    'error',
    '-show_format',
    '-show_streams',
    '-of',
    'json',
    path,
  ]);
  return JSON.parse(stdout);
}

/** Runs ffmpeg for test inputs (generated images, decoded frames). */
export async function ffmpeg(args: string[]): Promise<void> {
  await execFileAsync('ffmpeg', [
    '-nostdin',
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    ...args,
  ]);
}

/** Decodes one frame of a file to raw RGB at the given size. */
export async function rgbFrame(
  path: string,
  width: number,
  height: number,
  atSeconds = 0,
): Promise<Buffer> {
  const { stdout } = await execFileAsync(
    'ffmpeg',
    [
      '-nostdin',
      '-loglevel',
      'error',
      // Even "-ss 0" skips the only frame of a still image.
      ...(atSeconds > 0 ? ['-ss', String(atSeconds)] : []),
      '-i',
      path,
      '-frames:v',
      '1',
      '-vf',
      `scale=${width}:${height}`,
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-',
    ],
    { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout as unknown as Buffer;
}

export async function listDir(path: string): Promise<string[]> {
  try {
    return (await fs.readdir(path)).sort();
  } catch {
    return [];
  }
}

export const fileUri = (path: string) => `file://${path}`;
