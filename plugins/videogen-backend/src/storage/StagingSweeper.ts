import { LoggerService } from '@backstage/backend-plugin-api';
import { LocalObjectStorage } from './LocalObjectStorage';

const MAX_SWEEP_INTERVAL_MS = 15 * 60_000;

/**
 * Sweeps what crashed uploads left in local storage (staging files,
 * temporary uploads) at start and then periodically, so that nothing stays
 * behind for good. Each replica sweeps its own directory.
 */
export class StagingSweeper {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly options: {
      storage: LocalObjectStorage;
      /** Files last written longer ago than this are left-overs. */
      maxAgeMs: number;
      logger: LoggerService;
    },
  ) {}

  /** Sweeps now and every half of `maxAgeMs` (at most every 15 minutes). */
  async start(): Promise<void> {
    await this.sweep();
    if (!this.timer) {
      const interval = Math.min(
        MAX_SWEEP_INTERVAL_MS,
        Math.max(1000, this.options.maxAgeMs / 2),
      );
      this.timer = setInterval(() => void this.sweep(), interval);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /** One sweep; returns how many files it removed (never throws). */
  async sweep(): Promise<number> {
    try {
      const removed = await this.options.storage.sweepStaging(
        new Date(Date.now() - this.options.maxAgeMs),
      );
      if (removed > 0) {
        this.options.logger.info(
          `Removed ${removed} staging file(s) that interrupted uploads left behind`,
        );
      }
      return removed;
    } catch (error) {
      this.options.logger.warn(`Sweeping upload staging failed: ${error}`);
      return 0;
    }
  }
}
