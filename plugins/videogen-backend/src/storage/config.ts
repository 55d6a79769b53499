import { Config } from '@backstage/config';
import { readDataDir, readMode, VideogenMode } from '../config/shared';
import { readMilliseconds, readOptionalString } from '../config/values';

/** How the backend talks to S3, whichever environment's buckets it uses. */
export type S3ConnectionConfig = {
  endpoint?: string;
  forcePathStyle: boolean;
  /** `videogen.storage.s3.region`: region of the configured buckets. */
  region?: string;
  presignExpirySeconds: number;
};

/** The configured buckets (`videogen.storage.s3.*`) and how to reach them. */
export type S3StorageConfig = S3ConnectionConfig & {
  uploadsBucket: string;
  videosBucket: string;
  kmsKeyId?: string;
  cloudfrontDomain?: string;
};

/** Where uploads and videos are stored (`videogen.storage`). */
export type StorageConfig = {
  mode: VideogenMode;
  /** Absolute `videogen.dataDir`; local storage lives in `<dataDir>/storage`. */
  dataDir: string;
  /**
   * The configured buckets, when both are set. In aws mode they are only the
   * fallback for an environment whose Terraform outputs name no buckets of
   * its own (e.g. a built-in environment declared in config).
   */
  s3?: S3StorageConfig;
  /** Endpoint, addressing, region and presign expiry for every bucket. */
  s3Connection: S3ConnectionConfig;
  /**
   * `videogen.storage.local.staleUploadAge`: staging files and temporary
   * uploads of local storage older than this are what a crash left; they
   * are swept at start and periodically (S3: a lifecycle rule on
   * `uploads/tmp/`).
   */
  staleUploadAgeMs: number;
};

/** Reads and checks `videogen.storage` (and the mode and dataDir it needs). */
export function readStorageConfig(
  config: Config,
  options: { cwd?: string } = {},
): StorageConfig {
  const mode = readMode(config);
  const uploadsBucket = readOptionalString(
    config,
    'videogen.storage.s3.uploadsBucket',
  );
  const videosBucket = readOptionalString(
    config,
    'videogen.storage.s3.videosBucket',
  );
  // Each environment may bring its own buckets (Terraform outputs), so aws
  // mode needs none here; but half a pair is always a mistake.
  if (Boolean(uploadsBucket) !== Boolean(videosBucket)) {
    throw new Error(
      'Invalid config videogen.storage.s3: set both uploadsBucket and videosBucket, or neither (environments then use the buckets of their Terraform outputs)',
    );
  }
  const s3Connection: S3ConnectionConfig = {
    endpoint: readOptionalString(config, 'videogen.storage.s3.endpoint'),
    forcePathStyle:
      config.getOptionalBoolean('videogen.storage.s3.forcePathStyle') ?? false,
    region: readOptionalString(config, 'videogen.storage.s3.region'),
    presignExpirySeconds: readPresignExpirySeconds(config),
  };
  return {
    mode,
    dataDir: readDataDir(config, options),
    s3:
      uploadsBucket && videosBucket
        ? {
            uploadsBucket,
            videosBucket,
            kmsKeyId: readOptionalString(
              config,
              'videogen.storage.s3.kmsKeyId',
            ),
            cloudfrontDomain: readOptionalString(
              config,
              'videogen.storage.s3.cloudfrontDomain',
            ),
            ...s3Connection,
          }
        : undefined,
    s3Connection,
    staleUploadAgeMs: readMilliseconds(
      config,
      'videogen.storage.local.staleUploadAge',
      3_600_000,
      { minMs: 1000 },
    ),
  };
}

// S3 presigns in whole seconds.
function readPresignExpirySeconds(config: Config): number {
  const key = 'videogen.storage.s3.presignExpiry';
  const ms = readMilliseconds(config, key, 300_000, { minMs: 1000 });
  if (ms % 1000 !== 0) {
    throw new Error(`Invalid config ${key}: use a whole number of seconds`);
  }
  return ms / 1000;
}
