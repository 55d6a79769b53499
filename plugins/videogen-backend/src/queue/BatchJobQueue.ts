import {
  BatchClient,
  DescribeJobsCommand,
  JobDetail,
  KeyValuePair,
  SubmitJobCommand,
  SubmitJobCommandInput,
  TerminateJobCommand,
  UpdateJobQueueCommand,
} from '@aws-sdk/client-batch';
import { LoggerService } from '@backstage/backend-plugin-api';
import { isJobState, JobState } from '@videogen/plugin-videogen-common';
import { EnvironmentDrain } from '../environments/drain';
import { EnvironmentStore } from '../environments/EnvironmentStore';
import { EnvironmentStorage, storageKeys } from '../storage';
import { Job, JobStore } from './JobStore';
import { IncompleteResultError, readGeneratorResult } from './results';
import {
  isThrottlingError,
  RetryOptions,
  withThrottlingRetry,
} from './throttling';
import { JobInputs, JobQueue, JobVideos } from './types';
import { failureReasonFromStderr } from './WorkerProcess';

/** Where an environment's jobs go in AWS Batch. */
export type BatchTarget = {
  region: string;
  jobQueue: string;
  jobDefinition: string;
};

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
};

const NOT_TERMINAL: JobState[] = [
  'SUBMITTED',
  'PENDING',
  'RUNNABLE',
  'STARTING',
  'RUNNING',
];
const DESCRIBE_BATCH = 100;

/** `terraform output -json` values may be `{ value, type }` or plain. */
function outputString(outputs: Record<string, unknown>, name: string) {
  const raw = outputs[name];
  const value =
    raw && typeof raw === 'object' && 'value' in (raw as object)
      ? (raw as { value: unknown }).value
      : raw;
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** The region of an ARN (`arn:aws:batch:<region>:...`), if it is one. */
function regionOfArn(value: string): string | undefined {
  const parts = value.split(':');
  return parts[0] === 'arn' && parts[3] ? parts[3] : undefined;
}

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

/**
 * Render jobs on AWS Batch (on EKS): SubmitJob with the inputs as container
 * environment overrides, DescribeJobs polling in batches of 100 for every
 * unfinished job, TerminateJob to cancel, UpdateJobQueue to drain. Batch's
 * job states are the product's job states. Throttling is retried with
 * backoff and never turns into a failed job.
 */
export class BatchJobQueue implements JobQueue {
  readonly kind = 'batch' as const;
  readonly drain: EnvironmentDrain;
  private readonly options: BatchJobQueueOptions;
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;

  constructor(options: BatchJobQueueOptions) {
    this.options = options;
    this.drain = {
      disable: async environment => {
        // The local flag first: from here on no new job of the environment
        // is submitted, whatever AWS Batch answers.
        await options.jobs.setDisabled(environment, true);
        const own = await this.ownJobQueue(environment);
        if (!own) return this.noQueueToDrain(environment);
        await this.updateQueueState(own, 'DISABLED');
        return `Disabled the AWS Batch job queue ${own.jobQueue} in ${own.region}.`;
      },
      enable: async environment => {
        // The local flag first: the destroy is over, so the environment must
        // not keep refusing jobs just because UpdateJobQueue failed (that
        // error still reaches the caller, and Batch refuses jobs itself
        // while its queue stays DISABLED).
        await options.jobs.setDisabled(environment, false);
        const own = await this.ownJobQueue(environment);
        if (own) await this.updateQueueState(own, 'ENABLED');
      },
      activeJobs: async environment => {
        await this.poll();
        return (await options.jobs.activeJobs(environment)).length;
      },
      terminateActive: async (environment, reason) => {
        for (const job of await options.jobs.activeJobs(environment)) {
          await this.cancel(job.id, reason);
        }
      },
    };
  }

  private retry<T>(fn: () => Promise<T>): Promise<T> {
    return withThrottlingRetry(fn, this.options.retry);
  }

  /** The job queue, job definition and region of an environment. */
  async target(environment: string): Promise<BatchTarget> {
    const env = await this.options.environments.get(environment);
    const outputs = env?.outputs ?? {};
    const { defaults } = this.options;
    const jobQueue =
      outputString(outputs, 'job_queue_arn') ??
      outputString(outputs, 'job_queue_name') ??
      defaults.jobQueue;
    const jobDefinition =
      outputString(outputs, 'job_definition_arn') ?? defaults.jobDefinition;
    const region =
      (env && env.region !== 'local' ? env.region : undefined) ??
      defaults.region;
    if (!jobQueue || !jobDefinition || !region) {
      const missing = [
        !jobQueue && 'job queue',
        !jobDefinition && 'job definition',
        !region && 'region',
      ]
        .filter(Boolean)
        .join(', ');
      throw new Error(
        `Environment "${environment}" has no AWS Batch ${missing}: apply its Terraform (outputs job_queue_name/job_queue_arn and job_definition_arn) or set videogen.queue.batch.*`,
      );
    }
    return { region, jobQueue, jobDefinition };
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

  private environmentVariables(
    video: JobInputs,
    { storage, kmsKeyId }: EnvironmentStorage,
  ): KeyValuePair[] {
    return [
      { name: 'VIDEOGEN_PHOTO_URI', value: storage.uri(video.photoKey) },
      { name: 'VIDEOGEN_SCRIPT_URI', value: storage.uri(video.scriptKey) },
      {
        name: 'VIDEOGEN_OUTPUT_URI',
        value: storage.uri(storageKeys.videoPrefix(video.videoId)),
      },
      ...(kmsKeyId
        ? [{ name: 'VIDEOGEN_S3_KMS_KEY_ID', value: kmsKeyId }]
        : []),
    ];
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
    const variables = this.environmentVariables(video, storage);
    const input: SubmitJobCommandInput = {
      jobName: `videogen-${video.videoId}`,
      jobQueue: target.jobQueue,
      jobDefinition: target.jobDefinition,
      // Batch retries processing failures itself; exit 2 (bad input) is final.
      retryStrategy: {
        attempts: Math.min(10, Math.max(1, job.maxAttempts)),
        evaluateOnExit: [
          { onExitCode: '2', action: 'EXIT' },
          { onReason: '*', action: 'RETRY' },
        ],
      },
      tags: {
        'videogen:environment': job.environment,
        'videogen:video': video.videoId,
      },
    };
    if (this.options.platform === 'eks') {
      input.eksPropertiesOverride = {
        podProperties: {
          containers: [
            {
              ...(this.options.containerName
                ? { name: this.options.containerName }
                : {}),
              env: variables.map(({ name, value }) => ({
                name: name!,
                value,
              })),
            },
          ],
        },
      };
    } else {
      input.containerOverrides = { environment: variables };
    }

    let batchJobId: string | undefined;
    try {
      const response = await this.retry(() =>
        this.options
          .batchClient(target.region)
          .send(new SubmitJobCommand(input)),
      );
      batchJobId = response.jobId;
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
      await this.terminate(
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
        await this.terminate(region, before.externalId, reason);
      } catch (error) {
        this.options.logger.warn(
          `Could not terminate AWS Batch job ${before.externalId}: ${error}`,
        );
      }
    }
    return true;
  }

  private async terminate(region: string, batchJobId: string, reason: string) {
    await this.retry(() =>
      this.options.batchClient(region).send(
        new TerminateJobCommand({
          jobId: batchJobId,
          reason: reason.slice(0, 250),
        }),
      ),
    );
  }

  /**
   * The job queue an environment's own Terraform created (its outputs), the
   * only queue a drain may disable. Never the configured default
   * (`videogen.queue.batch.jobQueue`): other environments share that one.
   * Undefined for an environment without such outputs (NEW, or whose first
   * apply failed).
   */
  private async ownJobQueue(
    environment: string,
  ): Promise<{ region: string; jobQueue: string } | undefined> {
    const env = await this.options.environments.get(environment);
    const outputs = env?.outputs ?? {};
    const jobQueue =
      outputString(outputs, 'job_queue_arn') ??
      outputString(outputs, 'job_queue_name');
    if (!jobQueue) return undefined;
    const region =
      (env && env.region !== 'local' ? env.region : undefined) ??
      regionOfArn(jobQueue) ??
      this.options.defaults.region;
    if (!region) {
      throw new Error(
        `Environment "${environment}" has the AWS Batch job queue ${jobQueue} but no region: set videogen.queue.batch.region.`,
      );
    }
    return { region, jobQueue };
  }

  private noQueueToDrain(environment: string): string {
    const message = `Environment ${environment} has no AWS Batch job queue of its own (no job_queue_arn or job_queue_name output), so no queue was disabled; only its own jobs are waited for.`;
    this.options.logger.info(message);
    return message;
  }

  private async updateQueueState(
    target: { region: string; jobQueue: string },
    state: 'ENABLED' | 'DISABLED',
  ): Promise<void> {
    await this.retry(() =>
      this.options
        .batchClient(target.region)
        .send(new UpdateJobQueueCommand({ jobQueue: target.jobQueue, state })),
    );
  }

  /** Brings every unfinished job up to date with AWS Batch. */
  poll(): Promise<void> {
    if (!this.polling) {
      this.polling = this.pollOnce().finally(() => {
        this.polling = undefined;
      });
    }
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    const unfinished = await this.options.jobs.unfinishedWithExternalId(
      'batch',
    );
    const regions = new Map<string, string>();
    const byRegion = new Map<string, Job[]>();
    for (const job of unfinished) {
      let region = regions.get(job.environment);
      if (!region) {
        try {
          region = (await this.target(job.environment)).region;
        } catch {
          region = this.options.defaults.region ?? 'us-east-1';
        }
        regions.set(job.environment, region);
      }
      byRegion.set(region, [...(byRegion.get(region) ?? []), job]);
    }
    for (const [region, jobs] of byRegion) {
      for (let i = 0; i < jobs.length; i += DESCRIBE_BATCH) {
        const chunk = jobs.slice(i, i + DESCRIBE_BATCH);
        let details: JobDetail[];
        try {
          const response = await this.retry(() =>
            this.options.batchClient(region).send(
              new DescribeJobsCommand({
                jobs: chunk.map(job => job.externalId!),
              }),
            ),
          );
          details = response.jobs ?? [];
        } catch (error) {
          // Throttled or unreachable: the jobs keep their state until the
          // next round; an API problem is never a job failure.
          this.options.logger.warn(
            `DescribeJobs failed in ${region}: ${error}`,
          );
          continue;
        }
        const byId = new Map(details.map(detail => [detail.jobId, detail]));
        for (const job of chunk) {
          const detail = byId.get(job.externalId);
          await this.apply(job, detail);
        }
      }
    }
  }

  private async apply(job: Job, detail: JobDetail | undefined): Promise<void> {
    const { jobs, videos } = this.options;
    if (!detail) {
      await jobs.transition(job.id, NOT_TERMINAL, 'FAILED', {
        failure_reason: `AWS Batch no longer knows job ${job.externalId} (it keeps finished jobs for about 7 days).`,
      });
      return;
    }
    if (!isJobState(detail.status)) {
      return;
    }
    const state = detail.status;
    const patch = {
      attempts: Math.max(
        job.attempts,
        detail.attempts?.length ?? 0,
        detail.eksAttempts?.length ?? 0,
      ),
      started_at: detail.startedAt
        ? new Date(detail.startedAt)
        : job.startedAt ?? null,
    };
    if (state === 'SUCCEEDED') {
      try {
        const { storage } = await this.options.storageOf(job.environment);
        const result = await readGeneratorResult(storage, job.videoId);
        await videos.recordResult(job.videoId, result);
        await jobs.transition(job.id, NOT_TERMINAL, 'SUCCEEDED', patch);
      } catch (error) {
        if (!(error instanceof IncompleteResultError)) {
          throw error;
        }
        await jobs.transition(job.id, NOT_TERMINAL, 'FAILED', {
          ...patch,
          failure_reason: error.message,
        });
      }
      return;
    }
    if (state === 'FAILED') {
      await jobs.transition(job.id, NOT_TERMINAL, 'FAILED', {
        ...patch,
        failure_reason: batchFailureReason(detail),
      });
      return;
    }
    if (state !== job.state || patch.attempts !== job.attempts) {
      await jobs.transition(job.id, NOT_TERMINAL, state, patch);
    }
  }
}
