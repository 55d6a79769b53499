import {
  EnvironmentLifecycle,
  RunOperation,
} from '@videogen/plugin-videogen-common';
import {
  nextEnvironmentStatus,
  RunOutcomeStatus,
  RunPhase,
} from './environmentStatus';

const OPERATIONS: RunOperation[] = ['plan', 'apply', 'destroy'];
const PHASES: RunPhase[] = ['plan', 'apply', 'orphaned'];
const OUTCOMES: RunOutcomeStatus[] = [
  'RUNNING',
  'AWAITING_APPROVAL',
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
  'INTERRUPTED',
];
const STATUSES: EnvironmentLifecycle[] = [
  'NEW',
  'PROVISIONING',
  'READY',
  'DESTROYING',
  'DESTROYED',
  'FAILED',
];

/** `same`: the previous status; `failIfBusy`: FAILED from PROVISIONING or DESTROYING, else the previous status. */
type Expected = EnvironmentLifecycle | 'same' | 'failIfBusy';

/**
 * What each (phase, outcome) leaves, per operation: [plan, apply, destroy].
 * Written out by hand; combinations no run reaches (a plan in the apply
 * phase, AWAITING_APPROVAL after the apply began) leave the status alone.
 */
const TABLE: Record<
  RunPhase,
  Record<RunOutcomeStatus, [Expected, Expected, Expected]>
> = {
  plan: {
    RUNNING: ['same', 'same', 'DESTROYING'],
    AWAITING_APPROVAL: ['same', 'same', 'same'],
    SUCCEEDED: ['same', 'same', 'same'],
    FAILED: ['same', 'same', 'same'],
    CANCELLED: ['same', 'same', 'same'],
    INTERRUPTED: ['same', 'same', 'same'],
  },
  apply: {
    RUNNING: ['same', 'PROVISIONING', 'DESTROYING'],
    AWAITING_APPROVAL: ['same', 'same', 'same'],
    SUCCEEDED: ['same', 'READY', 'DESTROYED'],
    FAILED: ['same', 'FAILED', 'FAILED'],
    CANCELLED: ['same', 'FAILED', 'FAILED'],
    INTERRUPTED: ['same', 'FAILED', 'FAILED'],
  },
  orphaned: {
    RUNNING: ['failIfBusy', 'failIfBusy', 'failIfBusy'],
    AWAITING_APPROVAL: ['failIfBusy', 'failIfBusy', 'failIfBusy'],
    SUCCEEDED: ['failIfBusy', 'failIfBusy', 'failIfBusy'],
    FAILED: ['failIfBusy', 'failIfBusy', 'failIfBusy'],
    CANCELLED: ['failIfBusy', 'failIfBusy', 'failIfBusy'],
    INTERRUPTED: ['failIfBusy', 'failIfBusy', 'failIfBusy'],
  },
};

function expected(
  operation: RunOperation,
  phase: RunPhase,
  outcome: RunOutcomeStatus,
  previous: EnvironmentLifecycle,
): EnvironmentLifecycle {
  const rule = TABLE[phase][outcome][OPERATIONS.indexOf(operation)];
  if (rule === 'same') return previous;
  if (rule === 'failIfBusy') {
    return previous === 'PROVISIONING' || previous === 'DESTROYING'
      ? 'FAILED'
      : previous;
  }
  return rule;
}

const combinations = OPERATIONS.flatMap(operation =>
  PHASES.flatMap(phase =>
    OUTCOMES.flatMap(outcome =>
      STATUSES.map(previous => ({ operation, phase, outcome, previous })),
    ),
  ),
);

describe('nextEnvironmentStatus', () => {
  it('enumerates every combination', () => {
    expect(combinations).toHaveLength(3 * 3 * 6 * 6);
  });

  it.each(combinations)(
    '$operation, phase $phase, $outcome, from $previous',
    input => {
      expect(nextEnvironmentStatus(input)).toBe(
        expected(input.operation, input.phase, input.outcome, input.previous),
      );
    },
  );

  it('answers the questions the run engine used to answer in six places', () => {
    const destroy = (
      phase: RunPhase,
      outcome: RunOutcomeStatus,
      previous: EnvironmentLifecycle = 'READY',
    ) =>
      nextEnvironmentStatus({ operation: 'destroy', phase, outcome, previous });
    // A destroy that failed while draining the queue changed nothing.
    expect(destroy('plan', 'FAILED')).toBe('READY');
    // A destroy that failed during terraform apply left a half-destroyed environment.
    expect(destroy('apply', 'FAILED')).toBe('FAILED');
    expect(destroy('apply', 'SUCCEEDED')).toBe('DESTROYED');
    // A destroy whose backend died is FAILED by the recovery.
    expect(destroy('orphaned', 'INTERRUPTED', 'DESTROYING')).toBe('FAILED');
  });
});
