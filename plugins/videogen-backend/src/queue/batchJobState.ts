import { JobDetail } from '@aws-sdk/client-batch';
import { isJobState, JobState } from '@videogen/plugin-videogen-common';
import { EnvironmentStorage } from '../storage';
import { Job, JobStore } from './JobStore';
import { IncompleteResultError, readGeneratorResult } from './results';
import { JobVideos } from './types';
import { failureReasonFromStderr } from './WorkerProcess';

/** The states a Batch job may still leave. */
export const BATCH_NOT_TERMINAL: JobState[] = [
  'SUBMITTED',
  'PENDING',
  'RUNNABLE',
  'STARTING',
  'RUNNING',
];

/** A sentence for a person from a failed Batch job's details. */
export function batchFailureReason(detail: JobDetail): string {
  const eksContainer = detail.eksAttempts?.at(-1)?.containers?.at(-1);
  const container = detail.attempts?.at(-1)?.container ?? detail.container;
  const exitCode = eksContainer?.exitCode ?? container?.exitCode;
  const containerReason = eksContainer?.reason ?? container?.reason;
  const statusReason =
    detail.eksAttempts?.at(-1)?.statusReason ?? detail.statusReason;
  const reason =
    (containerReason && failureReasonFromStderr(containerReason)) ||
    (statusReason && failureReasonFromStderr(statusReason)) ||
    'AWS Batch reports that the job failed';
  return exitCode !== undefined && exitCode !== 0
    ? `${reason} (exit code ${exitCode})`
    : reason;
}

/** The attempts and start time a job has according to Batch. */
export function batchProgressPatch(
  job: Job,
  detail: JobDetail,
): { attempts: number; started_at: Date | null } {
  return {
    attempts: Math.max(
      job.attempts,
      detail.attempts?.length ?? 0,
      detail.eksAttempts?.length ?? 0,
    ),
    started_at: detail.startedAt
      ? new Date(detail.startedAt)
      : job.startedAt ?? null,
  };
}

export type BatchStateDeps = {
  jobs: JobStore;
  videos: JobVideos;
  storageOf: (environment: string) => Promise<EnvironmentStorage>;
};

/**
 * Brings one job up to date with what Batch says of it (`undefined`: Batch
 * no longer knows it). Batch's job states are the product's job states; a
 * SUCCEEDED job also has its result read and recorded on its video.
 */
export async function applyBatchDetail(
  deps: BatchStateDeps,
  job: Job,
  detail: JobDetail | undefined,
): Promise<void> {
  const { jobs, videos } = deps;
  if (!detail) {
    await jobs.transition(job.id, BATCH_NOT_TERMINAL, 'FAILED', {
      failure_reason: `AWS Batch no longer knows job ${job.externalId} (it keeps finished jobs for about 7 days).`,
    });
    return;
  }
  if (!isJobState(detail.status)) {
    return;
  }
  const state = detail.status;
  const patch = batchProgressPatch(job, detail);
  if (state === 'SUCCEEDED') {
    try {
      const { storage } = await deps.storageOf(job.environment);
      const result = await readGeneratorResult(storage, job.videoId);
      await videos.recordResult(job.videoId, result);
      await jobs.transition(job.id, BATCH_NOT_TERMINAL, 'SUCCEEDED', patch);
    } catch (error) {
      if (!(error instanceof IncompleteResultError)) {
        throw error;
      }
      await jobs.transition(job.id, BATCH_NOT_TERMINAL, 'FAILED', {
        ...patch,
        failure_reason: error.message,
      });
    }
    return;
  }
  if (state === 'FAILED') {
    await jobs.transition(job.id, BATCH_NOT_TERMINAL, 'FAILED', {
      ...patch,
      failure_reason: batchFailureReason(detail),
    });
    return;
  }
  if (state !== job.state || patch.attempts !== job.attempts) {
    await jobs.transition(job.id, BATCH_NOT_TERMINAL, state, patch);
  }
}
