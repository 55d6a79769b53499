/**
 * `terraform init` is not safe to run concurrently against a shared
 * plugin cache, so with one configured, inits run one at a time.
 */
export class InitMutex {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly sharedPluginCache: boolean) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.sharedPluginCache) return fn();
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise(resolve => {
      release = resolve;
    });
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
