import { ChildProcess, spawn } from 'node:child_process';

const PREFIX = 'videogen-worker:';
const MAX_REASON = 500;
const STDERR_TAIL = 16 * 1024;
const MAX_LINE = 64 * 1024;

// Things that must never reach a person through a failure reason, even if a
// generator prints them: AWS access key IDs, presigned URL signatures and
// credentials, bearer tokens.
const SECRET_PATTERNS: Array<[RegExp, string]> = [
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/g, '[redacted key id]'],
  [
    /(X-Amz-(Signature|Credential|Security-Token)=)[^&\s"')]+/gi,
    '$1[redacted]',
  ],
  [/(Bearer\s+)[A-Za-z0-9._~+/=-]+/g, '$1[redacted]'],
  [/((secret|password|token)[a-z_]*\s*[=:]\s*)\S+/gi, '$1[redacted]'],
];

/**
 * The reason a person sees for a failed job: the generator's one-line
 * `videogen-worker: <reason>` from stderr without its prefix, with anything
 * secret-looking removed, at most 500 characters.
 */
export function failureReasonFromStderr(stderr: string): string | undefined {
  const lines = stderr
    .split(/\r?\n/)
    .map(line => line.trim())
    .filter(Boolean);
  const line =
    [...lines].reverse().find(l => l.startsWith(PREFIX)) ?? lines.at(-1);
  if (!line) {
    return undefined;
  }
  let reason = line.startsWith(PREFIX)
    ? line.slice(PREFIX.length).trim()
    : line;
  for (const [pattern, replacement] of SECRET_PATTERNS) {
    reason = reason.replace(pattern, replacement);
  }
  // eslint-disable-next-line no-control-regex
  reason = reason.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  return reason.length > MAX_REASON
    ? `${reason.slice(0, MAX_REASON - 1)}…`
    : reason;
}

export type WorkerExit = {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all. */
  spawnError?: Error;
  stderr: string;
};

export type WorkerProcessOptions = {
  /** Program and leading arguments (`videogen.worker.command`). */
  command: string[];
  args: string[];
  env: Record<string, string>;
  /**
   * Gives the generator a lease pipe on its stdin (`--lease-stdin` must be
   * among the args): the render lives only while the pipe is open, so it
   * ends when this process dies (the kernel closes the pipe, even on
   * SIGKILL) or calls `terminate`.
   */
  leaseStdin?: boolean;
  /** Called once the process is running. */
  onSpawn?: () => void;
  /** Called with every JSON progress line on stdout. */
  onProgress?: (event: {
    stage?: string;
    done?: number;
    total?: number;
  }) => void;
};

/**
 * One run of the generator CLI as a child process: no shell, argv array, its
 * own process group (so a SIGKILL also reaches the tools it started), stdout
 * read as JSON progress lines, the tail of stderr kept for the reason, and
 * optionally a lease pipe on stdin that ties the render to this process.
 */
export class WorkerProcess {
  readonly exited: Promise<WorkerExit>;
  private readonly child: ChildProcess;
  private killTimer?: NodeJS.Timeout;
  private done = false;

  constructor(options: WorkerProcessOptions) {
    const [program, ...leading] = options.command;
    this.child = spawn(program, [...leading, ...options.args], {
      env: options.env,
      shell: false,
      detached: true,
      stdio: [options.leaseStdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    // Nothing is ever written: the pipe only says "the lease is held". A
    // generator that exits first makes writes fail with EPIPE; ignore it.
    this.child.stdin?.on('error', () => undefined);
    let stderr = '';
    let stdoutBuffer = '';
    this.child.stderr!.setEncoding('utf8');
    this.child.stderr!.on('data', (text: string) => {
      stderr = (stderr + text).slice(-STDERR_TAIL);
    });
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (text: string) => {
      stdoutBuffer += text;
      let newline = stdoutBuffer.indexOf('\n');
      while (newline !== -1) {
        const line = stdoutBuffer.slice(0, newline).trim();
        stdoutBuffer = stdoutBuffer.slice(newline + 1);
        if (line.startsWith('{')) {
          try {
            const event = JSON.parse(line);
            if (event?.event === 'progress') {
              options.onProgress?.(event);
            }
          } catch {
            // Not JSON: ignore, stdout is informational.
          }
        }
        newline = stdoutBuffer.indexOf('\n');
      }
      if (stdoutBuffer.length > MAX_LINE) {
        stdoutBuffer = '';
      }
    });
    this.child.once('spawn', () => options.onSpawn?.());

    this.exited = new Promise<WorkerExit>(resolve => {
      let settled = false;
      const settle = (exit: Omit<WorkerExit, 'stderr'>) => {
        if (!settled) {
          settled = true;
          this.finish();
          resolve({ ...exit, stderr });
        }
      };
      this.child.once('error', error => {
        // spawn failures (ENOENT, EACCES) come here and may not be followed
        // by 'close'.
        if (this.child.pid === undefined) {
          settle({ code: null, signal: null, spawnError: error });
        }
      });
      this.child.once('exit', (code, signal) => {
        // Tools the generator started may still hold its stdout/stderr open;
        // they belong to a finished job, so end them, and do not wait for
        // 'close' for more than a moment.
        this.killGroup();
        setTimeout(() => settle({ code, signal }), 2000).unref();
      });
      this.child.once('close', (code, signal) => settle({ code, signal }));
    });
  }

  private killGroup(): void {
    if (this.child.pid !== undefined) {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        // The group is already empty.
      }
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private finish() {
    this.done = true;
    if (this.killTimer) {
      clearTimeout(this.killTimer);
    }
  }

  /**
   * Lets go of the lease pipe: a generator started with `--lease-stdin`
   * cancels its render and publishes nothing.
   */
  releaseLease(): void {
    if (this.child.stdin && !this.child.stdin.destroyed) {
      this.child.stdin.destroy();
    }
  }

  /**
   * Asks the generator to stop (lease pipe closed, then SIGTERM: it cleans
   * up and exits non-zero) and kills its whole process group if it is still
   * there after the grace period.
   */
  terminate(graceMs: number): void {
    this.releaseLease();
    if (this.done || this.child.pid === undefined || this.killTimer) {
      return;
    }
    try {
      this.child.kill('SIGTERM');
    } catch {
      // Already gone.
    }
    this.killTimer = setTimeout(() => {
      if (!this.done) {
        this.killGroup();
      }
    }, graceMs);
  }
}
