import { RunStatus } from '@videogen/plugin-videogen-common';
import { Knex } from 'knex';

/** A run as one replica just wrote it. */
export type RunChange = {
  runId: string;
  environment: string;
  status: RunStatus;
  /** How long its stored log is now. */
  logSize: number;
};

/**
 * Told of what the run store writes: a run's status (insert, update,
 * transition) and its log growing. The run engine owns this contract so that
 * whoever pushes changes to browsers plugs in without the engine depending
 * on it. Only the replica that wrote a change hears of it.
 *
 * Called after the write; must not throw and must not block (not awaited).
 */
export interface RunChangeListener {
  runChanged(change: RunChange): void;
  logGrew(change: Omit<RunChange, 'status'>): void;
}

/** Tells the listener, if any; its failure never fails the write. */
export function tellRunListener(
  listener: RunChangeListener | undefined,
  call: (listener: RunChangeListener) => void,
): void {
  if (!listener) return;
  try {
    call(listener);
  } catch {
    // The listener's own failure; the run is stored either way.
  }
}

/**
 * Runs an UPDATE of runs; when it wrote a status, tells the listener of each
 * run it changed, with the environment and log size the same statement
 * returned (no second read). Returns how many rows it changed.
 */
export async function updateRunsTelling(
  query: Knex.QueryBuilder,
  row: Record<string, unknown>,
  listener: RunChangeListener | undefined,
): Promise<number> {
  if (!listener || row.status === undefined) {
    return Number(await query.update(row));
  }
  const written = (await query
    .update(row)
    .returning(['id', 'environment', 'status', 'log_size'])) as Array<{
    id: string;
    environment: string;
    status: string;
    log_size: number | string;
  }>;
  for (const run of written) {
    tellRunListener(listener, l =>
      l.runChanged({
        runId: run.id,
        environment: run.environment,
        status: run.status as RunStatus,
        logSize: Number(run.log_size),
      }),
    );
  }
  return written.length;
}
