import {
  BatchClient,
  DescribeJobsCommand,
  JobDetail,
  SubmitJobCommand,
  SubmitJobCommandInput,
  TerminateJobCommand,
  UpdateJobQueueCommand,
} from '@aws-sdk/client-batch';
import { BatchJobQueueRef } from './batchTarget';
import { RetryOptions, withThrottlingRetry } from './throttling';

/**
 * The AWS Batch calls the queue makes, each retried with backoff while AWS
 * throttles it (a busy account must not turn into failed jobs). Any other
 * error, or throttling that outlasts the retries, reaches the caller.
 */
export class BatchApi {
  constructor(
    private readonly clientOf: (region: string) => BatchClient,
    private readonly retryOptions?: RetryOptions,
  ) {}

  private retry<T>(fn: () => Promise<T>): Promise<T> {
    return withThrottlingRetry(fn, this.retryOptions);
  }

  /** Submits a job; returns its Batch job ID. */
  async submitJob(
    region: string,
    input: SubmitJobCommandInput,
  ): Promise<string | undefined> {
    const response = await this.retry(() =>
      this.clientOf(region).send(new SubmitJobCommand(input)),
    );
    return response.jobId;
  }

  async terminateJob(
    region: string,
    batchJobId: string,
    reason: string,
  ): Promise<void> {
    await this.retry(() =>
      this.clientOf(region).send(
        new TerminateJobCommand({
          jobId: batchJobId,
          reason: reason.slice(0, 250),
        }),
      ),
    );
  }

  /** The details of up to 100 jobs (Batch's limit per call). */
  async describeJobs(
    region: string,
    batchJobIds: string[],
  ): Promise<JobDetail[]> {
    const response = await this.retry(() =>
      this.clientOf(region).send(
        new DescribeJobsCommand({ jobs: batchJobIds }),
      ),
    );
    return response.jobs ?? [];
  }

  async setJobQueueState(
    target: BatchJobQueueRef,
    state: 'ENABLED' | 'DISABLED',
  ): Promise<void> {
    await this.retry(() =>
      this.clientOf(target.region).send(
        new UpdateJobQueueCommand({ jobQueue: target.jobQueue, state }),
      ),
    );
  }
}
