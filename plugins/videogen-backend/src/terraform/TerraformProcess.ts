import { spawn } from 'node:child_process';

/** How a Terraform process ended. */
export type TerraformExit = {
  /** Exit code, or `null` when a signal ended the process. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all (e.g. ENOENT). */
  spawnError?: Error;
  /** Everything it wrote to stdout, when `captureStdout` was set. */
  stdout: string;
};

export type TerraformProcessOptions = {
  /** The terraform binary: a path, or a name looked up on the child's PATH. */
  binary: string;
  /** argv after the binary. Never passed through a shell. */
  args: string[];
  cwd: string;
  /** The child's whole environment; nothing is inherited implicitly. */
  env: Record<string, string>;
  /** Every line the process prints, in arrival order, without the newline. */
  onLine: (line: string) => void;
  /**
   * Keep stdout to return it instead of passing it to `onLine` (for
   * `show -json` and `output -json`, whose JSON is parsed, not logged).
   */
  captureStdout?: boolean;
};

/**
 * One running `terraform` command: a direct child process (no shell), its
 * output split into lines as it arrives, and a cancel that sends exactly one
 * SIGINT, which makes Terraform stop gracefully and write its state.
 */
export class TerraformProcess {
  readonly pid: number | undefined;
  readonly exited: Promise<TerraformExit>;
  private interruptSent = false;
  private running = true;

  private constructor(private readonly child: ReturnType<typeof spawn>, exited: Promise<TerraformExit>) {
    this.pid = child.pid;
    this.exited = exited.finally(() => {
      this.running = false;
    });
  }

  static start(options: TerraformProcessOptions): TerraformProcess {
    const child = spawn(options.binary, options.args, {
      cwd: options.cwd,
      env: options.env,
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });

    const stdoutChunks: string[] = [];
    const follow = (stream: NodeJS.ReadableStream | null, capture: boolean) => {
      if (!stream) return;
      stream.setEncoding('utf8');
      let pending = '';
      stream.on('data', (chunk: string) => {
        if (capture) {
          stdoutChunks.push(chunk);
          return;
        }
        pending += chunk;
        const lines = pending.split(/\r\n|\n|\r/);
        pending = lines.pop() ?? '';
        for (const line of lines) options.onLine(line);
      });
      stream.on('end', () => {
        if (pending) options.onLine(pending);
        pending = '';
      });
    };
    follow(child.stdout, Boolean(options.captureStdout));
    follow(child.stderr, false);

    const exited = new Promise<TerraformExit>(resolve => {
      let settled = false;
      child.on('error', error => {
        if (settled) return;
        // Only a failed spawn leaves no pid; other errors (a failed kill)
        // are followed by 'close' as usual.
        if (child.pid === undefined) {
          settled = true;
          resolve({
            exitCode: null,
            signal: null,
            spawnError: error,
            stdout: '',
          });
        }
      });
      // 'close' waits for stdout and stderr to end, so every line has been
      // delivered by the time the exit is known.
      child.on('close', (code, signal) => {
        if (settled) return;
        settled = true;
        resolve({
          exitCode: code,
          signal,
          stdout: stdoutChunks.join(''),
        });
      });
    });

    return new TerraformProcess(child, exited);
  }

  /** Whether the process has not exited yet. */
  get isRunning(): boolean {
    return this.running;
  }

  /** Whether `interrupt()` has sent its signal. */
  get wasInterrupted(): boolean {
    return this.interruptSent;
  }

  /**
   * Asks Terraform to stop: exactly one SIGINT to the terraform process
   * itself. A second SIGINT would make Terraform abort without saving its
   * state, so later calls do nothing. Returns whether a signal was sent.
   */
  interrupt(): boolean {
    if (this.interruptSent || !this.running || this.pid === undefined) {
      return false;
    }
    this.interruptSent = true;
    return this.child.kill('SIGINT');
  }
}
