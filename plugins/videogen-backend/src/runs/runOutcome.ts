import { SecretScrubber } from '../terraform/output';
import { ActiveRun } from './activeRuns';
import { INTERRUPTED_BY_SHUTDOWN } from './messages';
import { RunPatch } from './RunStore';

/** How a run ended. */
export type RunOutcome = {
  status: 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'INTERRUPTED';
  message: string;
  /** More of the run's final row (exit code, lock, outputs). */
  run?: RunPatch;
  /** The environment's new outputs, for a run that (re)built or destroyed it. */
  environmentOutputs?: Record<string, unknown>;
  /** Terraform refused before changing anything (stale plan, held lock). */
  nothingChanged?: boolean;
};

/** A run that ended without success; how it ended. */
export type RunStopOutcome = RunOutcome & {
  status: Exclude<RunOutcome['status'], 'SUCCEEDED'>;
};

/**
 * Thrown from deep inside a run (a Terraform step, the queue drain, a
 * cancel check) to end it early; the executor turns it into its outcome.
 * Success is returned, never thrown.
 */
export class RunStopped extends Error {
  constructor(readonly outcome: RunStopOutcome) {
    super(outcome.message);
  }
}

/** The outcome a thrown error stands for. */
export function outcomeOfError(
  error: unknown,
  scrubber: SecretScrubber,
): RunOutcome {
  if (error instanceof RunStopped) return error.outcome;
  return {
    status: 'FAILED',
    message: scrubber.scrub(
      `The run failed: ${error instanceof Error ? error.message : error}`,
    ),
  };
}

/** Stops a run that was cancelled or whose backend shuts down. */
export function throwIfCancelled(active: ActiveRun) {
  if (active.committed) return;
  if (active.shuttingDown) {
    throw new RunStopped({
      status: 'INTERRUPTED',
      message: INTERRUPTED_BY_SHUTDOWN,
    });
  }
  if (active.cancelledBy) {
    throw new RunStopped({
      status: 'CANCELLED',
      message: `Cancelled by ${active.cancelledBy} before Terraform changed anything.`,
    });
  }
}
