import { BatchClient } from '@aws-sdk/client-batch';
import { LoggerService } from '@backstage/backend-plugin-api';
import { EnvironmentDrain } from '../environments/drain';
import { EnvironmentStore } from '../environments/EnvironmentStore';
import { EnvironmentStorage } from '../storage';
import { BatchApi } from './batchApi';
import { batchEnvironmentDrain } from './batchDrain';
import { pollBatchJobs } from './batchPolling';
import {
  batchEnvironmentVariables,
  shareIdentifierOf,
  submitJobInput,
} from './batchSubmission';
import {
  BatchJobQueueRef,
  BatchTarget,
  batchTargetOf,
  ownBatchJobQueueOf,
} from './batchTarget';
import { Job, JobStore } from './JobStore';
import { isThrottlingError, RetryOptions } from './throttling';
import { JobQueue, JobVideos } from './types';

export type { BatchTarget } from './batchTarget';
export { batchFailureReason } from './batchJobState';

export type BatchJobQueueOptions = {
  jobs: JobStore;
  videos: JobVideos;
  /**
   * The storage of an environment: the generator reads and writes the
   * buckets of its job's environment, and the result is read from there.
   */
  storageOf: (environment: string) => Promise<EnvironmentStorage>;
  environments: EnvironmentStore;
  logger: LoggerService;
  batchClient: (region: string) => BatchClient;
  /**
   * Used to submit jobs of an environment without Terraform outputs for
   * Batch. A drain never disables this shared queue.
   */
  defaults: {
    region?: string;
    jobQueue?: string;
    jobDefinition?: string;
  };
  /** `eks`: EKS job definitions (pod overrides); `ecs`: container overrides. */
  platform: 'eks' | 'ecs';
  /** The container to override in an EKS pod (when it has several). */
  containerName?: string;
  pollIntervalMs: number;
  retry?: RetryOptions;
  /**
   * `videogen.queue.batch.fairShare`: the job queues have a fair-share
   * scheduling policy, so each job is submitted with its uploader as the
   * share identifier (Batch refuses one on a FIFO queue, the default).
   */
  fairShare?: boolean;
};

/**
 * Render jobs on AWS Batch (on EKS): SubmitJob with the inputs as container
 * environment overrides, DescribeJobs polling in batches of 100 for every
 * unfinished job, TerminateJob to cancel, UpdateJobQueue to drain. Batch's
 * job states are the product's job states. Throttling is retried with
 * backoff and never turns into a failed job.
 *
 * The pieces live beside it: the target of an environment (batchTarget),
 * the SubmitJob request (batchSubmission), the AWS calls with their retries
 * (batchApi), polling and state mapping (batchPolling, batchJobState) and
 * the drain (batchDrain).
 */
export class BatchJobQueue implements JobQueue {
  readonly kind = 'batch' as const;
  readonly drain: EnvironmentDrain;
  private readonly options: BatchJobQueueOptions;
  private readonly api: BatchApi;
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;

  constructor(options: BatchJobQueueOptions) {
    this.options = options;
    this.api = new BatchApi(options.batchClient, options.retry);
    this.drain = batchEnvironmentDrain({
      jobs: options.jobs,
      api: this.api,
      logger: options.logger,
      ownJobQueue: environment => this.ownJobQueue(environment),
      poll: () => this.poll(),
      cancel: (jobId, reason) => this.cancel(jobId, reason),
    });
  }

  /** The job queue, job definition and region of an environment. */
  async target(environment: string): Promise<BatchTarget> {
    const env = await this.options.environments.get(environment);
    return batchTargetOf(environment, env, this.options.defaults);
  }

  /** The job queue an environment's own Terraform created, if any. */
  private async ownJobQueue(
    environment: string,
  ): Promise<BatchJobQueueRef | undefined> {
    const env = await this.options.environments.get(environment);
    return ownBatchJobQueueOf(environment, env, this.options.defaults.region);
  }

  async start(): Promise<void> {
    if (this.timer) {
      return;
    }
    this.timer = setInterval(() => {
      this.tick().catch(error =>
        this.options.logger.warn(`AWS Batch poll failed: ${error}`),
      );
    }, this.options.pollIntervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    await this.polling;
  }

  /** One round: resubmit stragglers, then poll. */
  async tick(): Promise<void> {
    const stale = await this.options.jobs.stale(
      'batch',
      ['SUBMITTED'],
      new Date(Date.now() - 60_000),
    );
    for (const job of stale.filter(j => !j.externalId)) {
      await this.submit(job);
    }
    await this.poll();
  }

  async submit(job: Job): Promise<void> {
    const { jobs, videos, logger } = this.options;
    const video = await videos.inputsOf(job.videoId);
    if (!video) {
      await jobs.transition(job.id, ['SUBMITTED'], 'FAILED', {
        failure_reason: 'The video of this job no longer exists.',
      });
      return;
    }
    let target: BatchTarget;
    let storage: EnvironmentStorage;
    try {
      target = await this.target(job.environment);
      storage = await this.options.storageOf(job.environment);
    } catch (error) {
      await jobs.transition(job.id, ['SUBMITTED'], 'FAILED', {
        failure_reason: (error as Error).message,
      });
      return;
    }
    const input = submitJobInput({
      job,
      video,
      target,
      variables: batchEnvironmentVariables(video, storage),
      container: {
        platform: this.options.platform,
        containerName: this.options.containerName,
      },
      shareIdentifier: this.options.fairShare
        ? shareIdentifierOf((await jobs.uploaderOf(job.id)) ?? 'unknown')
        : undefined,
    });

    let batchJobId: string | undefined;
    try {
      batchJobId = await this.api.submitJob(target.region, input);
    } catch (error) {
      if (isThrottlingError(error)) {
        // Still throttled after the retries: the job stays SUBMITTED and the
        // next round submits it again.
        logger.warn(`AWS Batch is throttling SubmitJob for job ${job.id}`);
        return;
      }
      await jobs.transition(job.id, ['SUBMITTED'], 'FAILED', {
        failure_reason: `AWS Batch refused the job: ${
          (error as Error).message
        }`,
      });
      return;
    }
    const stored = await jobs.transition(job.id, ['SUBMITTED'], 'SUBMITTED', {
      external_id: batchJobId ?? null,
    });
    if (!stored && batchJobId) {
      // Cancelled while it was being submitted: do not let it run.
      await this.api.terminateJob(
        target.region,
        batchJobId,
        'Cancelled before it started',
      );
    }
  }

  async cancel(jobId: string, reason: string): Promise<boolean> {
    const before = await this.options.jobs.fail(jobId, reason);
    if (!before) {
      return false;
    }
    if (before.externalId) {
      try {
        const { region } = await this.target(before.environment);
        await this.api.terminateJob(region, before.externalId, reason);
      } catch (error) {
        this.options.logger.warn(
          `Could not terminate AWS Batch job ${before.externalId}: ${error}`,
        );
      }
    }
    return true;
  }

  /** Brings every unfinished job up to date with AWS Batch. */
  poll(): Promise<void> {
    if (!this.polling) {
      this.polling = pollBatchJobs({
        jobs: this.options.jobs,
        videos: this.options.videos,
        storageOf: this.options.storageOf,
        api: this.api,
        logger: this.options.logger,
        regionOf: environment => this.regionOf(environment),
      }).finally(() => {
        this.polling = undefined;
      });
    }
    return this.polling;
  }

  /** Where an environment's jobs run; the default region when unknown. */
  private async regionOf(environment: string): Promise<string> {
    try {
      return (await this.target(environment)).region;
    } catch {
      return this.options.defaults.region ?? 'us-east-1';
    }
  }
}
