import { LoggerService } from '@backstage/backend-plugin-api';
import { SecretScrubber } from '../terraform/output';
import { TerraformProcess } from '../terraform/TerraformProcess';

/** A run this instance executes. */
export type ActiveRun = {
  id: string;
  environment: string;
  process?: TerraformProcess;
  cancelledBy?: string;
  shuttingDown?: boolean;
  /** The apply succeeded: a cancel or shutdown no longer changes the outcome. */
  committed?: boolean;
  /** Ends the current wait early (a destroy waiting for its queue to drain). */
  wake?: () => void;
  done?: Promise<void>;
  /** The run's scrubber (with its AWS credentials), once it has one. */
  scrubber?: SecretScrubber;
};

/** Asks a run to stop: one SIGINT to its Terraform process, if it has one. */
export function requestCancel(active: ActiveRun, by: string) {
  if (active.cancelledBy) return;
  // Recorded even past the point of cancel, so that the run can say the
  // request came too late instead of passing over it in silence.
  active.cancelledBy = by;
  if (active.committed) return;
  active.process?.interrupt();
  active.wake?.();
}

/** The runs this backend instance executes, by ID. */
export class ActiveRuns {
  private readonly runs = new Map<string, ActiveRun>();

  constructor(
    private readonly logger: LoggerService,
    /** Called once a run is no longer executed here. */
    private readonly onDone: (runId: string) => void,
  ) {}

  get(runId: string): ActiveRun | undefined {
    return this.runs.get(runId);
  }

  has(runId: string): boolean {
    return this.runs.has(runId);
  }

  ids(): string[] {
    return [...this.runs.keys()];
  }

  all(): ActiveRun[] {
    return [...this.runs.values()];
  }

  /** Executes `body` in the background as run `runId` of `environment`. */
  launch(
    runId: string,
    environment: string,
    body: (active: ActiveRun) => Promise<void>,
  ) {
    const active: ActiveRun = { id: runId, environment };
    this.runs.set(runId, active);
    active.done = body(active)
      .catch(error => {
        // The error may quote Terraform's output, which can hold the AWS
        // integration's credentials only the run's own scrubber knows.
        const message = `Terraform run ${runId} of ${environment} failed unexpectedly: ${error}`;
        this.logger.error(active.scrubber?.scrub(message) ?? message);
      })
      .finally(() => {
        this.runs.delete(runId);
        this.onDone(runId);
      });
  }

  /** Waits until a run this instance executes is done. */
  async settle(runId: string): Promise<void> {
    await this.runs.get(runId)?.done;
  }

  /**
   * One SIGINT to each uncommitted run's Terraform process, then a wait of
   * up to `waitMs` for them to save their state and end.
   */
  async interruptAll(waitMs: number): Promise<void> {
    const running = this.all();
    for (const run of running) {
      if (run.committed) continue;
      run.shuttingDown = true;
      run.process?.interrupt();
      run.wake?.();
    }
    await Promise.race([
      Promise.allSettled(running.map(run => run.done)),
      new Promise<void>(resolve => setTimeout(resolve, waitMs)),
    ]);
  }
}
