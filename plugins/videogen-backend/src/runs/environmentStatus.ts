import {
  EnvironmentLifecycle,
  RunOperation,
  RunStatus,
} from '@videogen/plugin-videogen-common';

/**
 * How far a run got, as far as the environment is concerned.
 *
 * - `plan`: nothing changed yet: draining the queue, init, plan, show,
 *   waiting for approval, or Terraform refused the apply before changing
 *   anything (stale plan, held lock).
 * - `apply`: the apply phase began, so the infrastructure may be anywhere
 *   between the old and the planned state.
 * - `orphaned`: the backend instance that ran it is gone (restart, stale
 *   heartbeat); how far it got is unknown.
 */
export type RunPhase = 'plan' | 'apply' | 'orphaned';

/** A run status that can move an environment (a PENDING run cannot). */
export type RunOutcomeStatus = Exclude<RunStatus, 'PENDING'>;

export type EnvironmentStatusInput = {
  operation: RunOperation;
  phase: RunPhase;
  outcome: RunOutcomeStatus;
  /**
   * The environment's status before the run began to change it; for an
   * `orphaned` run, the status the environment shows now.
   */
  previous: EnvironmentLifecycle;
};

const IN_PROGRESS: ReadonlyArray<EnvironmentLifecycle> = [
  'PROVISIONING',
  'DESTROYING',
];

/**
 * The environment status a run leaves behind. The single answer to
 * questions such as "what does a failed destroy leave?":
 *
 * - while nothing changed, a run leaves the previous status, except that a
 *   running destroy shows DESTROYING (its queue is being drained);
 * - once the apply phase began, an apply shows PROVISIONING and a destroy
 *   DESTROYING; success leaves READY or DESTROYED, anything else FAILED,
 *   because the infrastructure is somewhere between two states;
 * - a run nobody executes any more leaves FAILED where it showed work in
 *   progress, and the status unchanged otherwise.
 */
export function nextEnvironmentStatus(
  input: EnvironmentStatusInput,
): EnvironmentLifecycle {
  const { operation, phase, outcome, previous } = input;
  switch (phase) {
    case 'orphaned':
      return IN_PROGRESS.includes(previous) ? 'FAILED' : previous;
    case 'plan':
      return operation === 'destroy' && outcome === 'RUNNING'
        ? 'DESTROYING'
        : previous;
    case 'apply':
      // A plan run never reaches the apply phase.
      if (operation === 'plan') return previous;
      switch (outcome) {
        case 'RUNNING':
          return operation === 'destroy' ? 'DESTROYING' : 'PROVISIONING';
        case 'SUCCEEDED':
          return operation === 'destroy' ? 'DESTROYED' : 'READY';
        case 'FAILED':
        case 'CANCELLED':
        case 'INTERRUPTED':
          return 'FAILED';
        default:
          // AWAITING_APPROVAL comes before the apply phase.
          return previous;
      }
    default:
      throw new Error(`Unknown run phase ${phase satisfies never}`);
  }
}
