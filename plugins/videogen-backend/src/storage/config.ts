import { Config } from '@backstage/config';
import { readDataDir, readMode, VideogenMode } from '../config/shared';
import { readMilliseconds, readOptionalString } from '../config/values';

export type S3StorageConfig = {
  uploadsBucket: string;
  videosBucket: string;
  kmsKeyId?: string;
  cloudfrontDomain?: string;
  endpoint?: string;
  forcePathStyle: boolean;
  region?: string;
  presignExpirySeconds: number;
};

/** Where uploads and videos are stored (`videogen.storage`). */
export type StorageConfig = {
  mode: VideogenMode;
  /** Absolute `videogen.dataDir`; local storage lives in `<dataDir>/storage`. */
  dataDir: string;
  /** The buckets, when both are configured (required in aws mode). */
  s3?: S3StorageConfig;
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
  if (mode === 'aws' && (!uploadsBucket || !videosBucket)) {
    throw new Error(
      'videogen.mode is aws: set videogen.storage.s3.uploadsBucket and videogen.storage.s3.videosBucket',
    );
  }
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
            endpoint: readOptionalString(
              config,
              'videogen.storage.s3.endpoint',
            ),
            forcePathStyle:
              config.getOptionalBoolean('videogen.storage.s3.forcePathStyle') ??
              false,
            region: readOptionalString(config, 'videogen.storage.s3.region'),
            presignExpirySeconds: readPresignExpirySeconds(config),
          }
        : undefined,
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
