import { LoggerService } from '@backstage/backend-plugin-api';
import { ObjectStorage, storageKeys } from '../storage';
import { RELEASED_LEASE } from './localLeases';
import { Job, JobStore } from './JobStore';
import { IncompleteResultError, readGeneratorResult } from './results';
import { JobVideos } from './types';
import {
  failureReasonFromStderr,
  WorkerExit,
  WorkerProcess,
} from './WorkerProcess';

/** A job this replica holds a lease on, in one of its worker slots. */
export type RunningJob = {
  job: Job;
  token: string;
  process?: WorkerProcess;
  heartbeat?: NodeJS.Timeout;
  stage?: string;
  /** Why this replica stopped caring about the outcome, if it did. */
  abandoned?: 'cancelled' | 'lease-lost' | 'shutdown';
  finished: Promise<void>;
};

/** What running one job on this host needs. */
export type LocalJobRunDeps = {
  jobs: JobStore;
  videos: JobVideos;
  storage: ObjectStorage;
  logger: LoggerService;
  /** The generator CLI: program and leading arguments. */
  command: string[];
  /** The generator's environment (an allow-list, never the backend's secrets). */
  env: Record<string, string>;
  leaseMs: number;
  heartbeatMs: number;
  cancelGraceMs: number;
};

const EXIT_BAD_INPUT = 2;
const ACTIVE: Job['state'][] = ['STARTING', 'RUNNING'];

/**
 * Why a generator run failed, for a person, and whether another attempt
 * may help: exit 2 means the inputs are unusable, and a generator that
 * cannot be started will not start next time either.
 */
export function generatorFailure(exit: WorkerExit): {
  reason: string;
  retryable: boolean;
} {
  let reason: string;
  if (exit.spawnError) {
    reason = `The generator could not be started (${
      (exit.spawnError as NodeJS.ErrnoException).code ?? exit.spawnError.message
    }); check videogen.worker.command.`;
  } else {
    reason =
      failureReasonFromStderr(exit.stderr) ??
      (exit.signal
        ? `The generator was stopped by ${exit.signal}.`
        : `The generator exited with code ${exit.code}.`);
  }
  return {
    reason,
    retryable: exit.code !== EXIT_BAD_INPUT && !exit.spawnError,
  };
}

/**
 * Runs a claimed job's generator process while a heartbeat keeps its lease,
 * then records the outcome, unless the job was abandoned on the way
 * (cancelled, its lease lost, or the backend shutting down).
 */
export async function executeLocalJob(
  deps: LocalJobRunDeps,
  entry: RunningJob,
): Promise<void> {
  const { jobs, videos, storage, logger } = deps;
  const { job, token } = entry;
  const video = await videos.inputsOf(job.videoId);
  if (!video) {
    await jobs.transition(
      job.id,
      ['STARTING'],
      'FAILED',
      {
        failure_reason: 'The video of this job no longer exists.',
      },
      token,
    );
    return;
  }

  const loseLease = () => {
    if (!entry.abandoned) {
      entry.abandoned = 'lease-lost';
      // Closing the lease pipe cancels the render before it publishes.
      entry.process?.terminate(deps.cancelGraceMs);
    }
  };
  let heldUntil = Date.now() + deps.leaseMs;
  entry.heartbeat = setInterval(() => {
    jobs
      .heartbeat(job.id, token, deps.leaseMs, entry.stage)
      .then(held => {
        if (held) {
          heldUntil = Date.now() + deps.leaseMs;
        } else {
          // Cancelled here or elsewhere, or another replica took the job
          // back after our lease expired: the outcome is no longer ours.
          loseLease();
        }
      })
      .catch(error => {
        logger.warn(`Heartbeat of job ${job.id} failed: ${error}`);
        // Past the lease another replica may reclaim the job: stop first,
        // so that two generators never render it side by side.
        if (Date.now() >= heldUntil) {
          loseLease();
        }
      });
  }, deps.heartbeatMs);

  const worker = new WorkerProcess({
    command: deps.command,
    args: [
      'render',
      '--photo',
      storage.uri(video.photoKey),
      '--script',
      storage.uri(video.scriptKey),
      '--out',
      storage.uri(storageKeys.videoPrefix(video.videoId)),
      '--lease-stdin',
    ],
    leaseStdin: true,
    env: deps.env,
    onSpawn: () => {
      jobs
        .transition(job.id, ['STARTING'], 'RUNNING', {}, token)
        .catch(error =>
          logger.warn(`Job ${job.id} could not be marked RUNNING: ${error}`),
        );
    },
    onProgress: event => {
      if (typeof event.stage === 'string') {
        entry.stage = event.stage.slice(0, 32);
      }
    },
  });
  entry.process = worker;
  if (entry.abandoned) {
    // Cancelled while the process was being set up.
    worker.terminate(deps.cancelGraceMs);
  }
  const exit = await worker.exited;
  clearInterval(entry.heartbeat);
  if (entry.abandoned) {
    return;
  }
  await settle(deps, entry, exit);
}

async function settle(
  deps: LocalJobRunDeps,
  entry: RunningJob,
  exit: WorkerExit,
): Promise<void> {
  const { jobs, videos, storage, logger } = deps;
  const { job, token } = entry;

  if (exit.code === 0) {
    try {
      const result = await readGeneratorResult(storage, job.videoId);
      await videos.recordResult(job.videoId, result);
      await jobs.transition(
        job.id,
        ACTIVE,
        'SUCCEEDED',
        { stage: null },
        token,
      );
      return;
    } catch (error) {
      if (!(error instanceof IncompleteResultError)) {
        throw error;
      }
      await retryOrFail(jobs, entry, error.message, true);
      return;
    }
  }

  const { reason, retryable } = generatorFailure(exit);
  logger.info(
    `Job ${job.id} attempt ${job.attempts} failed (exit ${
      exit.code ?? exit.signal
    }): ${reason}`,
  );
  await retryOrFail(jobs, entry, reason, retryable);
}

/** Back in the queue while attempts are left and retrying may help. */
async function retryOrFail(
  jobs: JobStore,
  entry: RunningJob,
  reason: string,
  retryable: boolean,
): Promise<void> {
  const { job, token } = entry;
  if (retryable && job.attempts < job.maxAttempts) {
    await jobs.transition(
      job.id,
      ACTIVE,
      'RUNNABLE',
      { ...RELEASED_LEASE, stage: null },
      token,
    );
    return;
  }
  await jobs.transition(
    job.id,
    ACTIVE,
    'FAILED',
    { failure_reason: reason, stage: null },
    token,
  );
}
