import { spawn } from 'node:child_process';
import { asCancelled } from '../errors';

export interface ExecResult {
  stdout: Buffer;
  stderr: string;
}

export class ExecError extends Error {
  constructor(
    message: string,
    readonly program: string,
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly stderr: string,
    readonly spawnErrorCode?: string,
  ) {
    super(message);
    this.name = 'ExecError';
  }
}

export interface ExecOptions {
  cwd?: string;
  signal?: AbortSignal;
  input?: Buffer | string;
  /** Keep stdout in memory (ffprobe); otherwise it is discarded. */
  captureStdout?: boolean;
  env?: NodeJS.ProcessEnv;
}

// Enough stderr to find the last meaningful line, bounded for long renders.
const STDERR_LIMIT = 64 * 1024;

/**
 * Runs a program with an argv array and no shell, so nothing in the script
 * or the file names is ever interpreted. Aborting the signal kills the
 * child at once (SIGKILL): its partial output is discarded anyway.
 */
export function execFile(
  program: string,
  args: string[],
  options: ExecOptions = {},
): Promise<ExecResult> {
  const { signal } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(asCancelled(signal.reason));
      return;
    }
    const child = spawn(program, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: [options.input !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      shell: false,
    });
    const stdout: Buffer[] = [];
    let stderr = '';
    let spawnError: NodeJS.ErrnoException | undefined;

    const onAbort = () => {
      child.kill('SIGKILL');
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout!.on('data', (chunk: Buffer) => {
      if (options.captureStdout) {
        stdout.push(chunk);
      }
    });
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      stderr += chunk;
      if (stderr.length > STDERR_LIMIT * 2) {
        stderr = stderr.slice(-STDERR_LIMIT);
      }
    });
    if (options.input !== undefined) {
      child.stdin!.on('error', () => {
        // The program may exit without reading everything; its exit code says why.
      });
      child.stdin!.end(options.input);
    }
    child.on('error', error => {
      spawnError = error;
    });
    child.on('close', (code, sig) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) {
        reject(asCancelled(signal.reason));
        return;
      }
      if (spawnError) {
        reject(
          new ExecError(
            spawnError.code === 'ENOENT'
              ? `${program} is not installed or not on PATH`
              : `${program} could not be started: ${spawnError.message}`,
            program,
            null,
            null,
            '',
            spawnError.code,
          ),
        );
        return;
      }
      if (code !== 0) {
        reject(
          new ExecError(
            `${program} exited with ${
              code === null ? `signal ${sig}` : `code ${code}`
            }`,
            program,
            code,
            sig,
            stderr,
          ),
        );
        return;
      }
      resolve({ stdout: Buffer.concat(stdout), stderr });
    });
  });
}

// ffmpeg's stderr ends with summaries that say nothing about the cause.
const NOISE = [
  /^Conversion failed!?$/i,
  /^Exiting normally/i,
  /^\s*$/,
  /^Error while filtering: /i,
  /^Error closing file/i,
  /^Finishing stream/i,
  /^\[out#/,
  /^frame=\s*\d+/,
  /^size=\s*/,
  /^video:\S+ audio:/,
];

/** The last stderr line that explains a failure, without ffmpeg's noise. */
export function lastMeaningfulLine(stderr: string): string {
  const lines = stderr
    .split(/\r?\n|\r/)
    .map(l => l.trim())
    .filter(l => l.length > 0);
  for (let i = lines.length - 1; i >= 0; i--) {
    if (!NOISE.some(re => re.test(lines[i]))) {
      // "[libx264 @ 0x55d0c8a0] message" -> "libx264: message"
      return lines[i].replace(/^\[([^\s\]@]+) @ 0x[0-9a-f]+\]\s*/i, '$1: ');
    }
  }
  return lines[lines.length - 1] ?? '';
}

export function mentionsNoSpace(text: string): boolean {
  return /No space left on device|ENOSPC|Disk quota exceeded|EDQUOT/i.test(
    text,
  );
}
