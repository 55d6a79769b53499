import {
  EnvironmentLifecycle,
  JobState,
  JobSummary,
  TERMINAL_JOB_STATES,
} from '@videogen/plugin-videogen-common';
import { Knex } from 'knex';
import { ENVIRONMENTS_TABLE } from '../environments/EnvironmentStore';
import {
  activeLeaseOwners,
  claimNextJob,
  expireLeasesOfOwners,
  extendLease,
  reclaimExpiredLeases,
  unfinishedJobsOfUser,
} from './jobLeases';
import { tooManyJobs } from './userJobLimit';
import {
  activeJobsOf,
  jobCountsOf,
  recentJobsOf,
  staleJobs,
  unfinishedJobsWithExternalId,
} from './jobReads';
import {
  DRAINS_TABLE,
  Job,
  JOBS_TABLE,
  JobRow,
  NewJob,
  newJobRow,
  QueueKind,
  toJob,
  VIDEOS_TABLE,
} from './jobRows';
import { JobChangeListener, tellJobChanged } from './jobChanges';

/** What decides whether an environment takes uploads. */
export type UploadGate = {
  status: EnvironmentLifecycle;
  /** Its queue is disabled: it is draining before a destroy. */
  disabled: boolean;
};

export { DRAINS_TABLE, emptyCounts, JOBS_TABLE, toJob } from './jobRows';
export type { Job, JobRow, NewJob, QueueKind } from './jobRows';

/**
 * The jobs table and the per-environment drain switch. Every state change is
 * a conditional UPDATE (on the expected state and, for leased jobs, on the
 * lease token), so that several backend replicas sharing one database never
 * both act on one job.
 *
 * The local queue's lease queries are in jobLeases, the read-only queries
 * in jobReads, the row shape in jobRows.
 */
export class JobStore {
  constructor(
    private readonly knex: Knex,
    private readonly options: {
      /** Queued + running jobs one user may have; unset: no limit. */
      maxJobsPerUser?: number;
      /**
       * Told of every state this store writes: the one choke point where
       * job changes are pushed to browsers (see src/push).
       */
      onChange?: JobChangeListener;
    } = {},
  ) {}

  private changed(jobs: Job[]): void {
    for (const job of jobs) {
      tellJobChanged(this.options.onChange, { job });
    }
  }

  /**
   * Throws a 429 when `user` already has `videogen.queue.maxJobsPerUser`
   * jobs queued or running, so that one user cannot fill the queue.
   */
  async assertUserMayQueue(user: string): Promise<void> {
    const limit = this.options.maxJobsPerUser;
    if (limit !== undefined && (await this.unfinishedOf(user)) >= limit) {
      throw tooManyJobs(user, limit);
    }
  }

  /** Who uploaded the video of a job. */
  async uploaderOf(jobId: string): Promise<string | undefined> {
    const row = await this.knex(JOBS_TABLE)
      .join(VIDEOS_TABLE, `${VIDEOS_TABLE}.id`, `${JOBS_TABLE}.video_id`)
      .where(`${JOBS_TABLE}.id`, jobId)
      .first(`${VIDEOS_TABLE}.created_by as createdBy`);
    return row?.createdBy;
  }

  /** How many of the user's jobs are queued or running. */
  unfinishedOf(user: string): Promise<number> {
    return unfinishedJobsOfUser(this.knex, user);
  }

  /** A new job row, SUBMITTED, to insert with its video. */
  static newRow(job: NewJob): Omit<JobRow, 'seq'> {
    return newJobRow(job);
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
    const job = rows[0] ? toJob(rows[0]) : undefined;
    // A same-state write (a Batch job ID stored on a SUBMITTED job) is
    // not news for the browser.
    if (job && !(from.length === 1 && from[0] === to)) this.changed([job]);
    return job;
  }

  /**
   * Fails a job that is not finished yet. Returns the job as it was before
   * (so the caller knows what to stop), or `undefined` when it had finished.
   */
  async fail(id: string, reason: string): Promise<Job | undefined> {
    let failed: Job | undefined;
    const previous = await this.knex.transaction(async trx => {
      const before = await trx<JobRow>(JOBS_TABLE).where({ id }).first();
      if (!before || TERMINAL_JOB_STATES.includes(before.state as JobState)) {
        return undefined;
      }
      const now = new Date();
      const [updated] = (await trx<JobRow>(JOBS_TABLE)
        .where({ id, state: before.state })
        .update({
          state: 'FAILED',
          failure_reason: reason,
          finished_at: now,
          updated_at: now,
          lease_token: null,
          lease_expires_at: null,
        })
        .returning('*')) as JobRow[];
      failed = updated ? toJob(updated) : undefined;
      return updated ? toJob(before) : undefined;
    });
    // Told after the commit, so a reader woken by it sees FAILED.
    if (failed) this.changed([failed]);
    return previous;
  }

  // ------------------------------------------------------------ local queue

  /**
   * Claims the oldest RUNNABLE local job of an enabled environment: it becomes
   * STARTING with a fresh lease, claimed by one replica only.
   */
  async claimNext(options: {
    owner: string;
    token: string;
    leaseMs: number;
  }): Promise<Job | undefined> {
    const job = await claimNextJob(this.knex, options);
    if (job) this.changed([job]);
    return job;
  }

  /** Extends a lease; false when the lease is no longer ours. */
  heartbeat(
    id: string,
    token: string,
    leaseMs: number,
    stage?: string,
  ): Promise<boolean> {
    return extendLease(this.knex, { id, token, leaseMs, stage });
  }

  /**
   * Puts leased jobs whose lease expired (their process or backend died)
   * back in the queue, or fails them when they used up their attempts.
   */
  async reclaimExpired(
    now: Date = new Date(),
  ): Promise<{ requeued: number; failed: number }> {
    const { requeued, failed } = await reclaimExpiredLeases(this.knex, now);
    this.changed([...failed, ...requeued]);
    return { requeued: requeued.length, failed: failed.length };
  }

  /**
   * Leases held by a process that is gone (same host, pid not alive): the
   * backend restarted. Expires them at once instead of waiting for the lease.
   */
  expireLeasesOf(owners: string[]): Promise<number> {
    return expireLeasesOfOwners(this.knex, owners);
  }

  leaseOwners(): Promise<string[]> {
    return activeLeaseOwners(this.knex);
  }

  /** Jobs left SUBMITTED or PENDING (their backend died before queueing). */
  stale(queue: QueueKind, states: JobState[], olderThan: Date): Promise<Job[]> {
    return staleJobs(this.knex, queue, states, olderThan);
  }

  // ------------------------------------------------------------ batch queue

  /** Non-terminal jobs known to AWS Batch (they have a Batch job ID). */
  unfinishedWithExternalId(queue: QueueKind): Promise<Job[]> {
    return unfinishedJobsWithExternalId(this.knex, queue);
  }

  // ------------------------------------------------------------ status

  activeJobs(environment: string): Promise<Job[]> {
    return activeJobsOf(this.knex, environment);
  }

  counts(environment: string): Promise<Record<JobState, number>> {
    return jobCountsOf(this.knex, environment);
  }

  recent(environment: string, limit: number): Promise<JobSummary[]> {
    return recentJobsOf(this.knex, environment, limit);
  }

  // ------------------------------------------------------------ drains

  async setDisabled(environment: string, disabled: boolean): Promise<void> {
    await this.knex(DRAINS_TABLE)
      .insert({ environment, disabled, updated_at: new Date() })
      .onConflict('environment')
      .merge(['disabled', 'updated_at']);
  }

  /**
   * What an upload to `name` must know, in one read (every upload asks,
   * dedupe hits too): the environment's lifecycle status and whether its
   * queue is disabled; undefined when there is no such environment.
   */
  async uploadGate(name: string): Promise<UploadGate | undefined> {
    const row = await this.knex(`${ENVIRONMENTS_TABLE} as e`)
      .leftJoin(`${DRAINS_TABLE} as d`, 'd.environment', 'e.name')
      .where('e.name', name)
      .first('e.status as status', 'd.disabled as disabled');
    return row
      ? { status: row.status, disabled: Boolean(row.disabled) }
      : undefined;
  }

  async isDisabled(environment: string): Promise<boolean> {
    const row = await this.knex(DRAINS_TABLE).where({ environment }).first();
    return Boolean(row?.disabled);
  }
}
