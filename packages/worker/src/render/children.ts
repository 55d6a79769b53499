import { ExecOptions, execFile } from '../media/exec';

/** Runs child processes and remembers them, so cleanup can wait for all to exit. */
export class Children {
  private readonly running = new Set<Promise<unknown>>();
  /** Every command run, kept with the work directory for debugging and the benchmark. */
  readonly log: Array<{ program: string; args: string[] }> = [];

  constructor(
    private readonly cwd: string,
    private readonly signal: AbortSignal,
  ) {}

  run(program: string, args: string[], options: ExecOptions = {}) {
    this.log.push({ program, args });
    const promise = execFile(program, args, {
      cwd: this.cwd,
      signal: this.signal,
      ...options,
    });
    const tracked = promise.catch(() => undefined);
    this.running.add(tracked);
    tracked.finally(() => this.running.delete(tracked));
    return promise;
  }

  async settle(): Promise<void> {
    while (this.running.size > 0) {
      await Promise.all([...this.running]);
    }
  }
}
