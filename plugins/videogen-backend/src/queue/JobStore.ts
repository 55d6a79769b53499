import {
  JOB_STATES,
  JobState,
  JobSummary,
  TERMINAL_JOB_STATES,
} from '@videogen/plugin-videogen-common';
import { Knex } from 'knex';
import { DbTime, toDate, toIso, toNumber } from '../database/dbValues';

export const JOBS_TABLE = 'videogen_jobs';
export const DRAINS_TABLE = 'videogen_queue_drains';
const VIDEOS_TABLE = 'videogen_videos';

/** Which adapter runs a job. */
export type QueueKind = 'local' | 'batch';

export type JobRow = {
  seq: number;
  id: string;
  video_id: string;
  environment: string;
  queue: string;
  state: string;
  attempts: number;
  max_attempts: number;
  lease_token: string | null;
  lease_owner: string | null;
  lease_expires_at: DbTime;
  external_id: string | null;
  stage: string | null;
  failure_reason: string | null;
  created_at: DbTime;
  updated_at: DbTime;
  started_at: DbTime;
  finished_at: DbTime;
};

/** A job to insert, SUBMITTED, together with its video. */
export type NewJob = {
  id: string;
  videoId: string;
  environment: string;
  queue: QueueKind;
  maxAttempts: number;
  now: Date;
};

export type Job = {
  id: string;
  videoId: string;
  environment: string;
  queue: QueueKind;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  leaseToken?: string;
  leaseOwner?: string;
  leaseExpiresAt?: Date;
  externalId?: string;
  stage?: string;
  failureReason?: string;
  createdAt: Date;
  updatedAt: Date;
  startedAt?: Date;
  finishedAt?: Date;
};

export function toJob(row: JobRow): Job {
  return {
    id: row.id,
    videoId: row.video_id,
    environment: row.environment,
    queue: row.queue as QueueKind,
    state: row.state as JobState,
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    leaseToken: row.lease_token ?? undefined,
    leaseOwner: row.lease_owner ?? undefined,
    leaseExpiresAt: toDate(row.lease_expires_at),
    externalId: row.external_id ?? undefined,
    stage: row.stage ?? undefined,
    failureReason: row.failure_reason ?? undefined,
    createdAt: toDate(row.created_at)!,
    updatedAt: toDate(row.updated_at)!,
    startedAt: toDate(row.started_at),
    finishedAt: toDate(row.finished_at),
  };
}

const ACTIVE: JobState[] = ['STARTING', 'RUNNING'];
const NOT_TERMINAL: JobState[] = JOB_STATES.filter(
  state => !TERMINAL_JOB_STATES.includes(state),
);

export function emptyCounts(): Record<JobState, number> {
  return Object.fromEntries(JOB_STATES.map(state => [state, 0])) as Record<
    JobState,
    number
  >;
}

/**
 * The jobs table and the per-environment drain switch. Every state change is
 * a conditional UPDATE (on the expected state and, for leased jobs, on the
 * lease token), so that several backend replicas sharing one database never
 * both act on one job.
 */
export class JobStore {
  constructor(private readonly knex: Knex) {}

  private get isPostgres(): boolean {
    return this.knex.client.config.client === 'pg';
  }

  /** A new job row, SUBMITTED, to insert with its video. */
  static newRow(job: NewJob): Omit<JobRow, 'seq'> {
    return {
      id: job.id,
      video_id: job.videoId,
      environment: job.environment,
      queue: job.queue,
      state: 'SUBMITTED',
      attempts: 0,
      max_attempts: job.maxAttempts,
      lease_token: null,
      lease_owner: null,
      lease_expires_at: null,
      external_id: null,
      stage: null,
      failure_reason: null,
      created_at: job.now,
      updated_at: job.now,
      started_at: null,
      finished_at: null,
    };
  }

  async get(id: string): Promise<Job | undefined> {
    const row = await this.knex<JobRow>(JOBS_TABLE).where({ id }).first();
    return row ? toJob(row) : undefined;
  }

  /**
   * Moves a job from one of `from` to `to` (with extra column values).
   * Returns the updated job, or `undefined` when it was not in `from`.
   */
  async transition(
    id: string,
    from: JobState[],
    to: JobState,
    patch: Partial<Omit<JobRow, 'seq' | 'id' | 'state'>> = {},
    leaseToken?: string,
  ): Promise<Job | undefined> {
    const now = new Date();
    const query = this.knex<JobRow>(JOBS_TABLE)
      .where({ id })
      .whereIn('state', from);
    if (leaseToken !== undefined) {
      query.andWhere('lease_token', leaseToken);
    }
    const rows = (await query
      .update({
        ...patch,
        state: to,
        updated_at: now,
        ...(to === 'SUCCEEDED' || to === 'FAILED'
          ? { finished_at: now, lease_token: null, lease_expires_at: null }
          : {}),
      })
      .returning('*')) as JobRow[];
    return rows[0] ? toJob(rows[0]) : undefined;
  }

  /**
   * Fails a job that is not finished yet. Returns the job as it was before
   * (so the caller knows what to stop), or `undefined` when it had finished.
   */
  async fail(id: string, reason: string): Promise<Job | undefined> {
    return this.knex.transaction(async trx => {
      const before = await trx<JobRow>(JOBS_TABLE).where({ id }).first();
      if (!before || TERMINAL_JOB_STATES.includes(before.state as JobState)) {
        return undefined;
      }
      const now = new Date();
      const updated = await trx<JobRow>(JOBS_TABLE)
        .where({ id, state: before.state })
        .update({
          state: 'FAILED',
          failure_reason: reason,
          finished_at: now,
          updated_at: now,
          lease_token: null,
          lease_expires_at: null,
        });
      return updated ? toJob(before) : undefined;
    });
  }

  // ------------------------------------------------------------ local queue

  /**
   * Claims the oldest RUNNABLE local job of an enabled environment: it becomes
   * STARTING with a fresh lease. Safe with several replicas: on PostgreSQL
   * the candidate row is locked with SKIP LOCKED, and the UPDATE re-checks
   * the state, so a job is claimed once.
   */
  async claimNext(options: {
    owner: string;
    token: string;
    leaseMs: number;
  }): Promise<Job | undefined> {
    const now = new Date();
    const candidate = this.knex(JOBS_TABLE)
      .select('id')
      .where({ queue: 'local', state: 'RUNNABLE' })
      .whereNotIn(
        'environment',
        this.knex(DRAINS_TABLE).select('environment').where('disabled', true),
      )
      .orderBy('seq', 'asc')
      .limit(1);
    if (this.isPostgres) {
      candidate.forUpdate().skipLocked();
    }
    const rows = (await this.knex<JobRow>(JOBS_TABLE)
      .where('id', candidate)
      .andWhere('state', 'RUNNABLE')
      .update({
        state: 'STARTING',
        lease_token: options.token,
        lease_owner: options.owner,
        lease_expires_at: new Date(now.getTime() + options.leaseMs),
        attempts: this.knex.raw('attempts + 1'),
        updated_at: now,
        started_at: this.knex.raw('coalesce(started_at, ?)', [
          this.isPostgres ? now : now.getTime(),
        ]),
        failure_reason: null,
      } as any)
      .returning('*')) as JobRow[];
    return rows[0] ? toJob(rows[0]) : undefined;
  }

  /** Extends a lease; false when the lease is no longer ours. */
  async heartbeat(
    id: string,
    token: string,
    leaseMs: number,
    stage?: string,
  ): Promise<boolean> {
    const now = new Date();
    const updated = await this.knex<JobRow>(JOBS_TABLE)
      .where({ id, lease_token: token })
      .whereIn('state', ACTIVE)
      .update({
        lease_expires_at: new Date(now.getTime() + leaseMs),
        updated_at: now,
        ...(stage ? { stage } : {}),
      });
    return updated > 0;
  }

  /**
   * Puts leased jobs whose lease expired (their process or backend died)
   * back in the queue, or fails them when they used up their attempts.
   */
  async reclaimExpired(
    now: Date = new Date(),
  ): Promise<{ requeued: number; failed: number }> {
    const expired = () =>
      this.knex<JobRow>(JOBS_TABLE)
        .where({ queue: 'local' })
        .whereIn('state', ACTIVE)
        .where('lease_expires_at', '<', now);
    const failed = await expired()
      .where('attempts', '>=', this.knex.ref('max_attempts'))
      .update({
        state: 'FAILED',
        failure_reason:
          'The generator stopped responding (its process or backend went away) and the job has no retries left.',
        lease_token: null,
        lease_expires_at: null,
        finished_at: now,
        updated_at: now,
      });
    const requeued = await expired()
      .where('attempts', '<', this.knex.ref('max_attempts'))
      .update({
        state: 'RUNNABLE',
        lease_token: null,
        lease_owner: null,
        lease_expires_at: null,
        stage: null,
        updated_at: now,
      });
    return { requeued, failed };
  }

  /**
   * Leases held by a process that is gone (same host, pid not alive): the
   * backend restarted. Expires them at once instead of waiting for the lease.
   */
  async expireLeasesOf(owners: string[]): Promise<number> {
    if (owners.length === 0) {
      return 0;
    }
    return this.knex<JobRow>(JOBS_TABLE)
      .where({ queue: 'local' })
      .whereIn('state', ACTIVE)
      .whereIn('lease_owner', owners)
      .update({ lease_expires_at: new Date(0) });
  }

  async leaseOwners(): Promise<string[]> {
    const rows = await this.knex<JobRow>(JOBS_TABLE)
      .distinct('lease_owner')
      .where({ queue: 'local' })
      .whereIn('state', ACTIVE)
      .whereNotNull('lease_owner');
    return rows.map(row => row.lease_owner as string);
  }

  /** Jobs left SUBMITTED or PENDING (their backend died before queueing). */
  async stale(
    queue: QueueKind,
    states: JobState[],
    olderThan: Date,
  ): Promise<Job[]> {
    const rows = await this.knex<JobRow>(JOBS_TABLE)
      .where({ queue })
      .whereIn('state', states)
      .where('updated_at', '<', olderThan)
      .orderBy('seq')
      .limit(100);
    return rows.map(toJob);
  }

  // ------------------------------------------------------------ batch queue

  /** Non-terminal jobs known to AWS Batch (they have a Batch job ID). */
  async unfinishedWithExternalId(queue: QueueKind): Promise<Job[]> {
    const rows = await this.knex<JobRow>(JOBS_TABLE)
      .where({ queue })
      .whereIn('state', NOT_TERMINAL)
      .whereNotNull('external_id')
      .orderBy('seq');
    return rows.map(toJob);
  }

  // ------------------------------------------------------------ status

  async activeJobs(environment: string): Promise<Job[]> {
    const rows = await this.knex<JobRow>(JOBS_TABLE)
      .where({ environment })
      .whereIn('state', ACTIVE);
    return rows.map(toJob);
  }

  async counts(environment: string): Promise<Record<JobState, number>> {
    const rows = await this.knex(JOBS_TABLE)
      .select('state')
      .count({ count: '*' })
      .where({ environment })
      .groupBy('state');
    const counts = emptyCounts();
    for (const row of rows as Array<{
      state: JobState;
      count: string | number;
    }>) {
      if (row.state in counts) {
        counts[row.state] = Number(row.count);
      }
    }
    return counts;
  }

  async recent(environment: string, limit: number): Promise<JobSummary[]> {
    const rows = await this.knex(`${JOBS_TABLE} as j`)
      .leftJoin(`${VIDEOS_TABLE} as v`, 'v.id', 'j.video_id')
      .select('j.*', 'v.duration_seconds')
      .where('j.environment', environment)
      .orderBy('j.seq', 'desc')
      .limit(limit);
    return (rows as Array<JobRow & { duration_seconds: number | null }>).map(
      row => ({
        id: row.id,
        videoId: row.video_id,
        state: row.state as JobState,
        createdAt: toIso(row.created_at)!,
        startedAt: toIso(row.started_at),
        finishedAt: toIso(row.finished_at),
        durationSeconds: toNumber(row.duration_seconds),
        failureReason: row.failure_reason ?? undefined,
      }),
    );
  }

  // ------------------------------------------------------------ drains

  async setDisabled(environment: string, disabled: boolean): Promise<void> {
    await this.knex(DRAINS_TABLE)
      .insert({ environment, disabled, updated_at: new Date() })
      .onConflict('environment')
      .merge(['disabled', 'updated_at']);
  }

  async isDisabled(environment: string): Promise<boolean> {
    const row = await this.knex(DRAINS_TABLE).where({ environment }).first();
    return Boolean(row?.disabled);
  }
}
