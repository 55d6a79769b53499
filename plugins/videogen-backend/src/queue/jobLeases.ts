import { Knex } from 'knex';
import {
  ACTIVE_JOB_STATES,
  DRAINS_TABLE,
  Job,
  JOBS_TABLE,
  JobRow,
  NOT_TERMINAL_JOB_STATES,
  toJob,
  VIDEOS_TABLE,
} from './jobRows';

// The local queue's lease queries. Each is one conditional statement (on
// the state and, where it matters, the lease token), so that several
// backend replicas sharing one database never both act on one job.

function isPostgres(knex: Knex): boolean {
  return knex.client.config.client === 'pg';
}

/**
 * Claims the next RUNNABLE local job of an enabled environment: it becomes
 * STARTING with a fresh lease. Users take turns (round-robin within FIFO):
 * first the users with the fewest jobs running, among them the one served
 * longest ago (or never), and that user's oldest job. So one user's 30
 * uploads do not hold every worker while another user waits. Safe with
 * several replicas: on PostgreSQL the candidate row is locked with SKIP
 * LOCKED, and the UPDATE re-checks the state, so a job is claimed once.
 */
export async function claimNextJob(
  knex: Knex,
  options: { owner: string; token: string; leaseMs: number },
): Promise<Job | undefined> {
  const now = new Date();
  const postgres = isPostgres(knex);
  // The uploader of the candidate's video, and what the same uploader's
  // other jobs look like.
  const sameUser = (column: string) =>
    knex(`${JOBS_TABLE} as peer`)
      .join(`${VIDEOS_TABLE} as peer_video`, 'peer_video.id', 'peer.video_id')
      .where('peer.queue', 'local')
      .andWhere(
        'peer_video.created_by',
        knex(`${VIDEOS_TABLE} as own_video`)
          .select('own_video.created_by')
          .where('own_video.id', knex.ref(`${JOBS_TABLE}.video_id`)),
      )
      .select(knex.raw(column));
  const running = sameUser('count(*)').whereIn('peer.state', ACTIVE_JOB_STATES);
  const lastServed = sameUser('max(peer.started_at)');
  const candidate = knex(JOBS_TABLE)
    .select(`${JOBS_TABLE}.id`)
    .where({ queue: 'local', state: 'RUNNABLE' })
    .whereNotIn(
      'environment',
      knex(DRAINS_TABLE).select('environment').where('disabled', true),
    )
    .orderByRaw(
      `(?) asc, case when (?) is null then 0 else 1 end asc, (?) asc, seq asc`,
      [running, lastServed, lastServed],
    )
    .limit(1);
  if (postgres) {
    candidate.forUpdate().skipLocked();
  }
  const rows = (await knex<JobRow>(JOBS_TABLE)
    .where('id', candidate)
    .andWhere('state', 'RUNNABLE')
    .update({
      state: 'STARTING',
      lease_token: options.token,
      lease_owner: options.owner,
      lease_expires_at: new Date(now.getTime() + options.leaseMs),
      attempts: knex.raw('attempts + 1'),
      updated_at: now,
      started_at: knex.raw('coalesce(started_at, ?)', [
        postgres ? now : now.getTime(),
      ]),
      failure_reason: null,
    } as any)
    .returning('*')) as JobRow[];
  return rows[0] ? toJob(rows[0]) : undefined;
}

/** Extends a lease; false when the lease is no longer ours. */
export async function extendLease(
  knex: Knex,
  lease: { id: string; token: string; leaseMs: number; stage?: string },
): Promise<boolean> {
  const now = new Date();
  const updated = await knex<JobRow>(JOBS_TABLE)
    .where({ id: lease.id, lease_token: lease.token })
    .whereIn('state', ACTIVE_JOB_STATES)
    .update({
      lease_expires_at: new Date(now.getTime() + lease.leaseMs),
      updated_at: now,
      ...(lease.stage ? { stage: lease.stage } : {}),
    });
  return updated > 0;
}

/**
 * Puts leased jobs whose lease expired (their process or backend died)
 * back in the queue, or fails them when they used up their attempts.
 */
export async function reclaimExpiredLeases(
  knex: Knex,
  now: Date,
): Promise<{ requeued: Job[]; failed: Job[] }> {
  const expired = () =>
    knex<JobRow>(JOBS_TABLE)
      .where({ queue: 'local' })
      .whereIn('state', ACTIVE_JOB_STATES)
      .where('lease_expires_at', '<', now);
  // RETURNING names the jobs that moved, so that their change is pushed.
  const failed = (await expired()
    .where('attempts', '>=', knex.ref('max_attempts'))
    .update({
      state: 'FAILED',
      failure_reason:
        'The generator stopped responding (its process or backend went away) and the job has no retries left.',
      lease_token: null,
      lease_expires_at: null,
      finished_at: now,
      updated_at: now,
    })
    .returning('*')) as JobRow[];
  const requeued = (await expired()
    .where('attempts', '<', knex.ref('max_attempts'))
    .update({
      state: 'RUNNABLE',
      lease_token: null,
      lease_owner: null,
      lease_expires_at: null,
      stage: null,
      updated_at: now,
    })
    .returning('*')) as JobRow[];
  return { requeued: requeued.map(toJob), failed: failed.map(toJob) };
}

/** Expires at once the leases of the given owners. */
export async function expireLeasesOfOwners(
  knex: Knex,
  owners: string[],
): Promise<number> {
  if (owners.length === 0) {
    return 0;
  }
  return knex<JobRow>(JOBS_TABLE)
    .where({ queue: 'local' })
    .whereIn('state', ACTIVE_JOB_STATES)
    .whereIn('lease_owner', owners)
    .update({ lease_expires_at: new Date(0) });
}

/** The owners of the leases held on active local jobs. */
export async function activeLeaseOwners(knex: Knex): Promise<string[]> {
  const rows = await knex<JobRow>(JOBS_TABLE)
    .distinct('lease_owner')
    .where({ queue: 'local' })
    .whereIn('state', ACTIVE_JOB_STATES)
    .whereNotNull('lease_owner');
  return rows.map(row => row.lease_owner as string);
}

/** How many of a user's local and Batch jobs are queued or running. */
export async function unfinishedJobsOfUser(
  knex: Knex,
  user: string,
): Promise<number> {
  const [row] = await knex(JOBS_TABLE)
    .join(VIDEOS_TABLE, `${VIDEOS_TABLE}.id`, `${JOBS_TABLE}.video_id`)
    .where(`${VIDEOS_TABLE}.created_by`, user)
    .whereIn(`${JOBS_TABLE}.state`, NOT_TERMINAL_JOB_STATES)
    .count({ count: '*' });
  return Number(row?.count ?? 0);
}
