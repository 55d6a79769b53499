import { Knex } from 'knex';
import {
  ACTIVE_JOB_STATES,
  DRAINS_TABLE,
  Job,
  JOBS_TABLE,
  JobRow,
  toJob,
} from './jobRows';

// The local queue's lease queries. Each is one conditional statement (on
// the state and, where it matters, the lease token), so that several
// backend replicas sharing one database never both act on one job.

function isPostgres(knex: Knex): boolean {
  return knex.client.config.client === 'pg';
}

/**
 * Claims the oldest RUNNABLE local job of an enabled environment: it becomes
 * STARTING with a fresh lease. Safe with several replicas: on PostgreSQL
 * the candidate row is locked with SKIP LOCKED, and the UPDATE re-checks
 * the state, so a job is claimed once.
 */
export async function claimNextJob(
  knex: Knex,
  options: { owner: string; token: string; leaseMs: number },
): Promise<Job | undefined> {
  const now = new Date();
  const postgres = isPostgres(knex);
  const candidate = knex(JOBS_TABLE)
    .select('id')
    .where({ queue: 'local', state: 'RUNNABLE' })
    .whereNotIn(
      'environment',
      knex(DRAINS_TABLE).select('environment').where('disabled', true),
    )
    .orderBy('seq', 'asc')
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
): Promise<{ requeued: number; failed: number }> {
  const expired = () =>
    knex<JobRow>(JOBS_TABLE)
      .where({ queue: 'local' })
      .whereIn('state', ACTIVE_JOB_STATES)
      .where('lease_expires_at', '<', now);
  const failed = await expired()
    .where('attempts', '>=', knex.ref('max_attempts'))
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
    .where('attempts', '<', knex.ref('max_attempts'))
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
