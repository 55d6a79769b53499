import { ConflictError } from '@backstage/errors';
import { S3StorageConfig } from './config';

/** What the storage needs of an environment (its store row). */
export type StorageEnvironment = {
  name: string;
  region: string;
  /** `terraform output -json` of its last apply: `{ value, type }` or plain. */
  outputs: Record<string, unknown>;
};

/** The buckets an environment's uploads and videos live in. */
export type EnvironmentBuckets = {
  /** Its own Terraform outputs, or the configured fallback buckets. */
  source: 'outputs' | 'config';
  /** Region of the buckets; undefined: the backend's default AWS region. */
  region?: string;
  uploadsBucket: string;
  videosBucket: string;
  /** SSE-KMS key of the buckets; SSE-S3 (AES256) when undefined. */
  kmsKeyId?: string;
  cloudfrontDomain?: string;
};

/** The Terraform outputs (aws root) that name an environment's storage. */
export const STORAGE_OUTPUTS = {
  uploadsBucket: 'uploads_bucket',
  uploadsBucketArn: 'uploads_bucket_arn',
  videosBucket: 'videos_bucket',
  videosBucketArn: 'videos_bucket_arn',
  region: 'region',
  kmsKey: 'storage_kms_key_arn',
} as const;

function outputString(
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

/** `arn:aws:s3:::name` → `name`. */
function bucketOfArn(arn: string | undefined): string | undefined {
  const match = arn && /^arn:[a-z-]+:s3:::([^/]+)$/.exec(arn);
  return match ? match[1] : undefined;
}

function bucketOutput(
  outputs: Record<string, unknown>,
  name: string,
  arnName: string,
): string | undefined {
  return (
    outputString(outputs, name) ?? bucketOfArn(outputString(outputs, arnName))
  );
}

/**
 * The buckets of an environment: those its Terraform outputs name (in the
 * environment's region), else the configured `videogen.storage.s3` buckets.
 * An environment whose outputs name only one of the two, or that has
 * neither outputs nor configured buckets, has no usable storage: that is a
 * 409 naming the missing outputs, never another environment's buckets.
 */
export function bucketsOfEnvironment(
  name: string,
  environment: StorageEnvironment | undefined,
  fallback: S3StorageConfig | undefined,
): EnvironmentBuckets {
  const outputs = environment?.outputs ?? {};
  const uploadsBucket = bucketOutput(
    outputs,
    STORAGE_OUTPUTS.uploadsBucket,
    STORAGE_OUTPUTS.uploadsBucketArn,
  );
  const videosBucket = bucketOutput(
    outputs,
    STORAGE_OUTPUTS.videosBucket,
    STORAGE_OUTPUTS.videosBucketArn,
  );
  if (uploadsBucket && videosBucket) {
    const region =
      outputString(outputs, STORAGE_OUTPUTS.region) ??
      (environment && environment.region !== 'local'
        ? environment.region
        : undefined);
    return {
      source: 'outputs',
      region,
      uploadsBucket,
      videosBucket,
      kmsKeyId: outputString(outputs, STORAGE_OUTPUTS.kmsKey),
    };
  }
  if (!uploadsBucket && !videosBucket && fallback) {
    return {
      source: 'config',
      region: fallback.region,
      uploadsBucket: fallback.uploadsBucket,
      videosBucket: fallback.videosBucket,
      kmsKeyId: fallback.kmsKeyId,
      cloudfrontDomain: fallback.cloudfrontDomain,
    };
  }
  const missing = [
    !uploadsBucket && STORAGE_OUTPUTS.uploadsBucket,
    !videosBucket && STORAGE_OUTPUTS.videosBucket,
  ].filter(Boolean);
  throw new ConflictError(
    `Environment "${name.slice(
      0,
      64,
    )}" has no storage buckets: its Terraform outputs lack ${missing.join(
      ' and ',
    )}${
      missing.length === 2
        ? ' (apply it first) and videogen.storage.s3.uploadsBucket/videosBucket are not configured'
        : ''
    }.`,
  );
}
