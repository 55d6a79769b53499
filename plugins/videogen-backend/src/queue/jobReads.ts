import { JobState, JobSummary } from '@videogen/plugin-videogen-common';
import { Knex } from 'knex';
import { toIso, toNumber } from '../database/dbValues';
import {
  ACTIVE_JOB_STATES,
  emptyCounts,
  Job,
  JOBS_TABLE,
  JobRow,
  NOT_TERMINAL_JOB_STATES,
  QueueKind,
  toJob,
  VIDEOS_TABLE,
} from './jobRows';

// Read-only queries of the jobs table: what the queues look for each round
// and what the status endpoint shows.

/** Jobs left SUBMITTED or PENDING (their backend died before queueing). */
export async function staleJobs(
  knex: Knex,
  queue: QueueKind,
  states: JobState[],
  olderThan: Date,
): Promise<Job[]> {
  const rows = await knex<JobRow>(JOBS_TABLE)
    .where({ queue })
    .whereIn('state', states)
    .where('updated_at', '<', olderThan)
    .orderBy('seq')
    .limit(100);
  return rows.map(toJob);
}

/** Non-terminal jobs known to AWS Batch (they have a Batch job ID). */
export async function unfinishedJobsWithExternalId(
  knex: Knex,
  queue: QueueKind,
): Promise<Job[]> {
  const rows = await knex<JobRow>(JOBS_TABLE)
    .where({ queue })
    .whereIn('state', NOT_TERMINAL_JOB_STATES)
    .whereNotNull('external_id')
    .orderBy('seq');
  return rows.map(toJob);
}

/** The environment's jobs that are STARTING or RUNNING. */
export async function activeJobsOf(
  knex: Knex,
  environment: string,
): Promise<Job[]> {
  const rows = await knex<JobRow>(JOBS_TABLE)
    .where({ environment })
    .whereIn('state', ACTIVE_JOB_STATES);
  return rows.map(toJob);
}

/** How many of the environment's jobs are in each state. */
export async function jobCountsOf(
  knex: Knex,
  environment: string,
): Promise<Record<JobState, number>> {
  const rows = await knex(JOBS_TABLE)
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

/** The environment's latest jobs, newest first, with their video's length. */
export async function recentJobsOf(
  knex: Knex,
  environment: string,
  limit: number,
): Promise<JobSummary[]> {
  const rows = await knex(`${JOBS_TABLE} as j`)
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
