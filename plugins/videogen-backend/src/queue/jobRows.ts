import {
  JOB_STATES,
  JobState,
  TERMINAL_JOB_STATES,
} from '@videogen/plugin-videogen-common';
import { DbTime, toDate } from '../database/dbValues';

export const JOBS_TABLE = 'videogen_jobs';
export const DRAINS_TABLE = 'videogen_queue_drains';
export const VIDEOS_TABLE = 'videogen_videos';

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

/** The states of a job a worker holds (its lease runs). */
export const ACTIVE_JOB_STATES: JobState[] = ['STARTING', 'RUNNING'];
export const NOT_TERMINAL_JOB_STATES: JobState[] = JOB_STATES.filter(
  state => !TERMINAL_JOB_STATES.includes(state),
);

export function emptyCounts(): Record<JobState, number> {
  return Object.fromEntries(JOB_STATES.map(state => [state, 0])) as Record<
    JobState,
    number
  >;
}
/** A new job row, SUBMITTED, to insert with its video. */
export function newJobRow(job: NewJob): Omit<JobRow, 'seq'> {
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
