import { Environment } from '@videogen/plugin-videogen-common';

/** Where an environment's jobs go in AWS Batch. */
export type BatchTarget = {
  region: string;
  jobQueue: string;
  jobDefinition: string;
};

/** A job queue and the region it lives in. */
export type BatchJobQueueRef = { region: string; jobQueue: string };

/** The configured fallbacks (`videogen.queue.batch.*`). */
export type BatchDefaults = {
  region?: string;
  jobQueue?: string;
  jobDefinition?: string;
};

/** `terraform output -json` values may be `{ value, type }` or plain. */
export function outputString(
  outputs: Record<string, unknown>,
  name: string,
): string | undefined {
  const raw = outputs[name];
  const value =
    raw && typeof raw === 'object' && 'value' in (raw as object)
      ? (raw as { value: unknown }).value
      : raw;
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** The region of an ARN (`arn:aws:batch:<region>:...`), if it is one. */
export function regionOfArn(value: string): string | undefined {
  const parts = value.split(':');
  return parts[0] === 'arn' && parts[3] ? parts[3] : undefined;
}

/** An environment's own AWS region (a `local` one has none). */
function awsRegionOf(env: Environment | undefined): string | undefined {
  return env && env.region !== 'local' ? env.region : undefined;
}

/**
 * The job queue, job definition and region of an environment: its Terraform
 * outputs first, then the configured defaults. Throws when one is missing.
 */
export function batchTargetOf(
  environment: string,
  env: Environment | undefined,
  defaults: BatchDefaults,
): BatchTarget {
  const outputs = env?.outputs ?? {};
  const jobQueue =
    outputString(outputs, 'job_queue_arn') ??
    outputString(outputs, 'job_queue_name') ??
    defaults.jobQueue;
  const jobDefinition =
    outputString(outputs, 'job_definition_arn') ?? defaults.jobDefinition;
  const region = awsRegionOf(env) ?? defaults.region;
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

/**
 * The job queue an environment's own Terraform created (its outputs), the
 * only queue a drain may disable. Never the configured default
 * (`videogen.queue.batch.jobQueue`): other environments share that one.
 * Undefined for an environment without such outputs (NEW, or whose first
 * apply failed).
 */
export function ownBatchJobQueueOf(
  environment: string,
  env: Environment | undefined,
  defaultRegion: string | undefined,
): BatchJobQueueRef | undefined {
  const outputs = env?.outputs ?? {};
  const jobQueue =
    outputString(outputs, 'job_queue_arn') ??
    outputString(outputs, 'job_queue_name');
  if (!jobQueue) return undefined;
  const region = awsRegionOf(env) ?? regionOfArn(jobQueue) ?? defaultRegion;
  if (!region) {
    throw new Error(
      `Environment "${environment}" has the AWS Batch job queue ${jobQueue} but no region: set videogen.queue.batch.region.`,
    );
  }
  return { region, jobQueue };
}
