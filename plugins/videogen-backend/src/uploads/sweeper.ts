import { LoggerService } from '@backstage/backend-plugin-api';

/**
 * Removes direct uploads that were never completed once they expire: their
 * rows and their objects, in both modes (on S3 the lifecycle rule on
 * `uploads/incoming/` is the backstop for objects whose row is gone; in
 * local mode the staging sweep is). Every replica sweeps; removing is
 * idempotent.
 */
export class ExpiredUploadSweeper {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly options: {
      sweep: () => Promise<number>;
      intervalMs: number;
      logger: LoggerService;
    },
  ) {}

  async start(): Promise<void> {
    await this.run();
    if (!this.timer) {
      this.timer = setInterval(() => void this.run(), this.options.intervalMs);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private async run(): Promise<void> {
    const removed = await this.options.sweep();
    if (removed > 0) {
      this.options.logger.info(
        `Removed ${removed} direct upload(s) that expired before they were completed`,
      );
    }
  }
}
