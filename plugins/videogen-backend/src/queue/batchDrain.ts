import { LoggerService } from '@backstage/backend-plugin-api';
import { EnvironmentDrain } from '../environments/drain';
import { BatchApi } from './batchApi';
import { BatchJobQueueRef } from './batchTarget';
import { JobStore } from './JobStore';

export type BatchDrainDeps = {
  jobs: JobStore;
  api: BatchApi;
  logger: LoggerService;
  /** The environment's own job queue, if its Terraform made one. */
  ownJobQueue: (environment: string) => Promise<BatchJobQueueRef | undefined>;
  /** Brings every unfinished job up to date with AWS Batch. */
  poll: () => Promise<void>;
  cancel: (jobId: string, reason: string) => Promise<boolean>;
};

/**
 * Draining on AWS Batch: the local flag stops submissions, and the
 * environment's own job queue (never a shared one) is disabled with
 * UpdateJobQueue.
 */
export function batchEnvironmentDrain(deps: BatchDrainDeps): EnvironmentDrain {
  const { jobs, api, logger } = deps;
  const noQueueToDrain = (environment: string): string => {
    const message = `Environment ${environment} has no AWS Batch job queue of its own (no job_queue_arn or job_queue_name output), so no queue was disabled; only its own jobs are waited for.`;
    logger.info(message);
    return message;
  };
  return {
    disable: async environment => {
      // The local flag first: from here on no new job of the environment
      // is submitted, whatever AWS Batch answers.
      await jobs.setDisabled(environment, true);
      const own = await deps.ownJobQueue(environment);
      if (!own) return noQueueToDrain(environment);
      await api.setJobQueueState(own, 'DISABLED');
      return `Disabled the AWS Batch job queue ${own.jobQueue} in ${own.region}.`;
    },
    enable: async environment => {
      // The local flag first: the destroy is over, so the environment must
      // not keep refusing jobs just because UpdateJobQueue failed (that
      // error still reaches the caller, and Batch refuses jobs itself
      // while its queue stays DISABLED).
      await jobs.setDisabled(environment, false);
      const own = await deps.ownJobQueue(environment);
      if (own) await api.setJobQueueState(own, 'ENABLED');
    },
    activeJobs: async environment => {
      await deps.poll();
      return (await jobs.activeJobs(environment)).length;
    },
    terminateActive: async (environment, reason) => {
      for (const job of await jobs.activeJobs(environment)) {
        await deps.cancel(job.id, reason);
      }
    },
  };
}
