import {
  Run,
  RunStatus,
  TERMINAL_RUN_STATUSES,
} from '@videogen/plugin-videogen-common';

/** Runs that hold the environment: only one may be active at a time. */
export function isActiveRun(status: RunStatus): boolean {
  return !TERMINAL_RUN_STATUSES.includes(status);
}

export function planSummaryText(run: Run): string {
  if (!run.planSummary) return run.operation === 'plan' ? 'no plan yet' : '—';
  const { add, change, destroy } = run.planSummary;
  return `+${add} ~${change} −${destroy}`;
}

/**
 * The runs the card's actions and log are about: the one holding the
 * environment, the one waiting for approval, and the one whose log is shown.
 */
export function runRoles(
  runs: Run[],
  selectedRunId?: string,
): { holder?: Run; awaiting?: Run; selected?: Run } {
  return {
    holder: runs.find(r => isActiveRun(r.status)),
    awaiting: runs.find(r => r.status === 'AWAITING_APPROVAL'),
    selected: runs.find(r => r.id === selectedRunId),
  };
}
