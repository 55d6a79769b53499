import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { checkPrerequisites, PrerequisiteCheck } from './checks';

/** A health answer re-checks at most this often. */
const DEFAULT_MAX_AGE_MS = 30_000;

/**
 * What the host is missing, checked at start so that a missing program is
 * one log line at start-up instead of a failure at first use, and reported
 * by `/health` until it is installed (re-checked at most every 30 s, so
 * installing it needs no restart).
 */
export class Prerequisites {
  private checked?: { at: number; checks: Promise<PrerequisiteCheck[]> };

  private constructor(
    private readonly options: {
      config: Config;
      env: NodeJS.ProcessEnv;
      maxAgeMs: number;
      now: () => number;
    },
  ) {}

  /** Checks once and logs one line per missing prerequisite. */
  static async atStart(options: {
    config: Config;
    env: NodeJS.ProcessEnv;
    logger: LoggerService;
    maxAgeMs?: number;
    now?: () => number;
  }): Promise<Prerequisites> {
    const prerequisites = new Prerequisites({
      config: options.config,
      env: options.env,
      maxAgeMs: options.maxAgeMs ?? DEFAULT_MAX_AGE_MS,
      now: options.now ?? Date.now,
    });
    const checks = await prerequisites.current();
    const missing = checks.filter(check => !check.ok);
    for (const check of missing) {
      options.logger.warn(
        `Prerequisite missing: ${check.message} Install ${check.install}.`,
      );
    }
    if (missing.length === 0) {
      options.logger.info(
        `Prerequisites found: ${checks.map(c => c.name).join(', ')}`,
      );
    }
    return prerequisites;
  }

  /** The latest checks, re-run when older than the maximum age. */
  current(): Promise<PrerequisiteCheck[]> {
    const now = this.options.now();
    if (!this.checked || now - this.checked.at >= this.options.maxAgeMs) {
      this.checked = {
        at: now,
        checks: checkPrerequisites(this.options.config, this.options.env),
      };
    }
    return this.checked.checks;
  }
}
