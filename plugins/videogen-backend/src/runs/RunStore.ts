import { Knex } from 'knex';
import {
  PlanSummary,
  Run,
  RunOperation,
  RunStatus,
  StartRunRequest,
} from '@videogen/plugin-videogen-common';
import { iso } from '../environments/EnvironmentStore';
import {
  RunChangeListener,
  tellRunListener,
  updateRunsTelling,
} from './runChanges';

const RUNS = 'videogen_terraform_runs';
const LOGS = 'videogen_terraform_run_logs';

/** Statuses that hold an environment's single run slot. */
export const ACTIVE_RUN_STATUSES: ReadonlyArray<RunStatus> = [
  'PENDING',
  'RUNNING',
  'AWAITING_APPROVAL',
];

type RunRow = {
  id: string;
  environment: string;
  operation: string;
  status: string;
  requested_by: string;
  created_at: Date | string;
  started_at: Date | string | null;
  finished_at: Date | string | null;
  plan_add: number | null;
  plan_change: number | null;
  plan_destroy: number | null;
  has_changes: boolean | number | null;
  plan_file: string | null;
  plan_state_version: number | null;
  outputs: string | null;
  exit_code: number | null;
  message: string | null;
  lock_id: string | null;
  approved_by: string | null;
  approved_at: Date | string | null;
  cancel_requested_by: string | null;
  options: string;
  log_size: number | string;
  owner: string | null;
  heartbeat_at: Date | string | null;
  pid: number | null;
};

/** A run as the engine sees it: the API shape plus bookkeeping. */
export type RunRecord = Run & {
  planFile?: string;
  planStateVersion?: number;
  options: Pick<
    StartRunRequest,
    'drainTimeoutSeconds' | 'terminateRunningJobs'
  >;
  cancelRequestedBy?: string;
  owner?: string;
  heartbeatAt?: string;
  pid?: number;
};

const optional = <T>(value: T | null): T | undefined =>
  value === null ? undefined : value;

function toRun(row: RunRow): RunRecord {
  const summary: PlanSummary | undefined =
    row.plan_add === null
      ? undefined
      : {
          add: Number(row.plan_add),
          change: Number(row.plan_change ?? 0),
          destroy: Number(row.plan_destroy ?? 0),
        };
  return {
    id: row.id,
    environment: row.environment,
    operation: row.operation as RunOperation,
    status: row.status as RunStatus,
    requestedBy: row.requested_by,
    createdAt: iso(row.created_at),
    startedAt: row.started_at ? iso(row.started_at) : undefined,
    finishedAt: row.finished_at ? iso(row.finished_at) : undefined,
    planSummary: summary,
    hasChanges: row.has_changes === null ? undefined : Boolean(row.has_changes),
    outputs: row.outputs ? JSON.parse(row.outputs) : undefined,
    exitCode: optional(row.exit_code),
    message: optional(row.message),
    lockId: optional(row.lock_id),
    approvedBy: optional(row.approved_by),
    logSize: Number(row.log_size),
    planFile: optional(row.plan_file),
    planStateVersion:
      row.plan_state_version === null
        ? undefined
        : Number(row.plan_state_version),
    options: JSON.parse(row.options || '{}'),
    cancelRequestedBy: optional(row.cancel_requested_by),
    owner: optional(row.owner),
    heartbeatAt: row.heartbeat_at ? iso(row.heartbeat_at) : undefined,
    pid: optional(row.pid),
  };
}

/** The API shape of a run, without the engine's bookkeeping. */
export function publicRun(run: RunRecord): Run {
  const {
    planFile: _planFile,
    planStateVersion: _planStateVersion,
    options: _options,
    cancelRequestedBy: _cancelRequestedBy,
    owner: _owner,
    heartbeatAt: _heartbeatAt,
    pid: _pid,
    ...rest
  } = run;
  return rest;
}

export type RunPatch = Partial<{
  status: RunStatus;
  startedAt: string;
  finishedAt: string;
  planSummary: PlanSummary;
  hasChanges: boolean;
  planFile: string | null;
  planStateVersion: number;
  outputs: Record<string, unknown>;
  exitCode: number | null;
  message: string | null;
  lockId: string | null;
  approvedBy: string;
  approvedAt: string;
  cancelRequestedBy: string;
  owner: string | null;
  heartbeatAt: string | null;
  pid: number | null;
}>;

function toRow(patch: RunPatch): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  const set = (column: string, value: unknown) => {
    if (value !== undefined) row[column] = value;
  };
  set('status', patch.status);
  set('started_at', patch.startedAt);
  set('finished_at', patch.finishedAt);
  if (patch.planSummary) {
    row.plan_add = patch.planSummary.add;
    row.plan_change = patch.planSummary.change;
    row.plan_destroy = patch.planSummary.destroy;
  }
  set('has_changes', patch.hasChanges);
  set('plan_file', patch.planFile);
  set('plan_state_version', patch.planStateVersion);
  if (patch.outputs) row.outputs = JSON.stringify(patch.outputs);
  set('exit_code', patch.exitCode);
  set('message', patch.message);
  set('lock_id', patch.lockId);
  set('approved_by', patch.approvedBy);
  set('approved_at', patch.approvedAt);
  set('cancel_requested_by', patch.cancelRequestedBy);
  set('owner', patch.owner);
  set('heartbeat_at', patch.heartbeatAt);
  set('pid', patch.pid);
  return row;
}

/** Whether a database error is a unique constraint violation. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' || // PostgreSQL
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    /UNIQUE constraint failed/.test(String(e?.message))
  );
}

/** A stretch of a run's log, as stored. */
export type LogChunk = { startOffset: number; endOffset: number; text: string };

/** Terraform runs and their logs in the plugin's database. */
export class RunStore {
  constructor(
    private readonly knex: Knex,
    /** Told of every status and log size written here (see src/push). */
    private readonly onChange?: RunChangeListener,
  ) {}

  /**
   * Inserts a PENDING run. Throws a unique violation (see
   * {@link isUniqueViolation}) when the environment already has an
   * unfinished run: the database holds the single run slot.
   */
  async insert(run: {
    id: string;
    environment: string;
    operation: RunOperation;
    requestedBy: string;
    options: RunRecord['options'];
    owner: string;
  }): Promise<RunRecord> {
    const now = new Date().toISOString();
    await this.knex(RUNS).insert({
      id: run.id,
      environment: run.environment,
      operation: run.operation,
      status: 'PENDING',
      requested_by: run.requestedBy,
      created_at: now,
      options: JSON.stringify(run.options),
      log_size: 0,
      owner: run.owner,
      heartbeat_at: now,
    });
    const inserted = (await this.get(run.id))!;
    tellRunListener(this.onChange, listener =>
      listener.runChanged({
        runId: inserted.id,
        environment: inserted.environment,
        status: inserted.status,
        logSize: inserted.logSize,
      }),
    );
    return inserted;
  }

  async get(id: string): Promise<RunRecord | undefined> {
    const row = await this.knex<RunRow>(RUNS).where({ id }).first();
    return row ? toRun(row) : undefined;
  }

  /** The run holding the environment's slot, if any. */
  async activeRun(environment: string): Promise<RunRecord | undefined> {
    const row = await this.knex<RunRow>(RUNS)
      .where({ environment })
      .whereIn('status', ACTIVE_RUN_STATUSES as RunStatus[])
      .first();
    return row ? toRun(row) : undefined;
  }

  /** Runs of an environment, newest first. */
  async list(
    environment: string,
    options: { limit: number },
  ): Promise<RunRecord[]> {
    const rows = await this.knex<RunRow>(RUNS)
      .where({ environment })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit);
    return rows.map(toRun);
  }

  /** Runs in the given statuses. */
  async listByStatus(statuses: RunStatus[]): Promise<RunRecord[]> {
    const rows = await this.knex<RunRow>(RUNS).whereIn('status', statuses);
    return rows.map(toRun);
  }

  async update(id: string, patch: RunPatch): Promise<void> {
    const row = toRow(patch);
    if (Object.keys(row).length) {
      await updateRunsTelling(
        this.knex(RUNS).where({ id }),
        row,
        this.onChange,
      );
    }
  }

  /**
   * Updates a run only if it is in one of `from`; returns whether it was.
   * State transitions that race with each other (approve against cancel, two
   * approvals) go through here so that only one wins.
   */
  async transition(
    id: string,
    from: RunStatus[],
    patch: RunPatch,
  ): Promise<boolean> {
    const count = await updateRunsTelling(
      this.knex(RUNS).where({ id }).whereIn('status', from),
      toRow(patch),
      this.onChange,
    );
    return count > 0;
  }

  /** Appends a chunk of log text and advances the run's log size. */
  async appendLog(runId: string, chunk: LogChunk): Promise<void> {
    await this.knex(LOGS).insert({
      run_id: runId,
      start_offset: chunk.startOffset,
      end_offset: chunk.endOffset,
      text: chunk.text,
    });
    const update = this.knex(RUNS)
      .where({ id: runId })
      .update({ log_size: chunk.endOffset });
    if (!this.onChange) {
      await update;
      return;
    }
    const [run] = (await update.returning(['environment'])) as RunRow[];
    if (run) {
      tellRunListener(this.onChange, listener =>
        listener.logGrew({
          runId,
          environment: run.environment,
          logSize: chunk.endOffset,
        }),
      );
    }
  }

  /** Drops the stored log chunks that lie within [fromOffset, toOffset]. */
  async dropLog(
    runId: string,
    fromOffset: number,
    toOffset: number,
  ): Promise<void> {
    await this.knex(LOGS)
      .where({ run_id: runId })
      .where('start_offset', '>=', fromOffset)
      .where('end_offset', '<=', toOffset)
      .delete();
  }

  /** Stored chunks that reach past `offset`, in order, up to about `maxChars`. */
  async readLog(
    runId: string,
    offset: number,
    maxChars: number,
  ): Promise<LogChunk[]> {
    const rows = await this.knex(LOGS)
      .where({ run_id: runId })
      .where('end_offset', '>', offset)
      .orderBy('start_offset')
      .limit(500)
      .select('start_offset', 'end_offset', 'text');
    const chunks: LogChunk[] = [];
    let total = 0;
    for (const row of rows) {
      chunks.push({
        startOffset: Number(row.start_offset),
        endOffset: Number(row.end_offset),
        text: row.text,
      });
      total += row.text.length;
      if (total >= maxChars) break;
    }
    return chunks;
  }

  /** All stored log text of a run (for tests and the secret checks). */
  async fullLog(runId: string): Promise<string> {
    const rows = await this.knex(LOGS)
      .where({ run_id: runId })
      .orderBy('start_offset')
      .select('text');
    return rows.map(r => r.text).join('');
  }

  /** Marks the heartbeat of the runs this instance executes. */
  async heartbeat(ids: string[], at: string): Promise<void> {
    if (ids.length) {
      await this.knex(RUNS).whereIn('id', ids).update({ heartbeat_at: at });
    }
  }
}
