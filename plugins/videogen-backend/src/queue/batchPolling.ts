import { JobDetail } from '@aws-sdk/client-batch';
import { LoggerService } from '@backstage/backend-plugin-api';
import { BatchApi } from './batchApi';
import { applyBatchDetail, BatchStateDeps } from './batchJobState';
import { Job } from './JobStore';

/** DescribeJobs takes at most 100 job IDs per call. */
export const DESCRIBE_BATCH = 100;

/** Splits a list into consecutive pieces of at most `size` items. */
export function chunked<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    chunks.push(items.slice(i, i + size));
  }
  return chunks;
}

export type BatchPollDeps = BatchStateDeps & {
  api: BatchApi;
  logger: LoggerService;
  /** The region an environment's jobs run in. */
  regionOf: (environment: string) => Promise<string>;
};

/** Unfinished jobs grouped by the region their environment's jobs run in. */
async function jobsByRegion(
  jobs: Job[],
  regionOf: (environment: string) => Promise<string>,
): Promise<Map<string, Job[]>> {
  const regions = new Map<string, string>();
  const byRegion = new Map<string, Job[]>();
  for (const job of jobs) {
    let region = regions.get(job.environment);
    if (!region) {
      region = await regionOf(job.environment);
      regions.set(job.environment, region);
    }
    byRegion.set(region, [...(byRegion.get(region) ?? []), job]);
  }
  return byRegion;
}

/**
 * One round of polling: every unfinished job that Batch knows (it has a
 * Batch job ID) is described, region by region in batches of 100, and
 * brought up to date.
 */
export async function pollBatchJobs(deps: BatchPollDeps): Promise<void> {
  const unfinished = await deps.jobs.unfinishedWithExternalId('batch');
  const byRegion = await jobsByRegion(unfinished, deps.regionOf);
  for (const [region, jobs] of byRegion) {
    for (const chunk of chunked(jobs, DESCRIBE_BATCH)) {
      let details: JobDetail[];
      try {
        details = await deps.api.describeJobs(
          region,
          chunk.map(job => job.externalId!),
        );
      } catch (error) {
        // Throttled or unreachable: the jobs keep their state until the
        // next round; an API problem is never a job failure.
        deps.logger.warn(`DescribeJobs failed in ${region}: ${error}`);
        continue;
      }
      const byId = new Map(details.map(detail => [detail.jobId, detail]));
      for (const job of chunk) {
        await applyBatchDetail(deps, job, byId.get(job.externalId));
      }
    }
  }
}
