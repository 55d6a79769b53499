import { Config } from '@backstage/config';
import {
  DEFAULT_UPLOAD_LIMITS,
  UploadLimits,
} from '@videogen/plugin-videogen-common';
import os from 'node:os';
import path from 'node:path';

/** Everything the upload pipeline, storage, queue and status read from config. */
export type PipelineConfig = {
  mode: 'local' | 'aws';
  /** Absolute `videogen.dataDir`. */
  dataDir: string;
  limits: UploadLimits;
  /** `videogen.generator.version`, when set. */
  generatorVersion?: string;
  /** `videogen.worker.command`, when set (argv, no shell). */
  workerCommand?: string[];
  aws: {
    region?: string;
    accountId?: string;
  };
  storage: {
    s3?: {
      uploadsBucket: string;
      videosBucket: string;
      kmsKeyId?: string;
      cloudfrontDomain?: string;
      endpoint?: string;
      forcePathStyle: boolean;
      region?: string;
      presignExpirySeconds: number;
    };
  };
  queue: {
    /** Retries after the first attempt before a job is FAILED. */
    retries: number;
    local: {
      workers: number;
      pollIntervalMs: number;
      leaseMs: number;
      heartbeatMs: number;
      cancelGraceMs: number;
    };
    batch: {
      jobQueue?: string;
      jobDefinition?: string;
      platform: 'eks' | 'ecs';
      containerName?: string;
      pollIntervalMs: number;
    };
  };
  status: {
    cacheTtlMs: number;
    eksClusterName?: string;
    stateStackName?: string;
  };
};

function positive(
  config: Config,
  key: string,
  fallback: number,
  { min = 0, integer = false }: { min?: number; integer?: boolean } = {},
): number {
  const value = config.getOptionalNumber(key);
  if (value === undefined) {
    return fallback;
  }
  if (
    !Number.isFinite(value) ||
    value < min ||
    (integer && !Number.isInteger(value))
  ) {
    throw new Error(
      `Invalid config ${key}: ${value}; expected ${
        integer ? 'a whole number' : 'a number'
      } of at least ${min}`,
    );
  }
  return value;
}

function optionalString(config: Config, key: string): string | undefined {
  const value = config.getOptionalString(key)?.trim();
  return value ? value : undefined;
}

/** Reads and checks the pipeline's config keys (see config.d.ts). */
export function readPipelineConfig(
  config: Config,
  options: { cwd?: string } = {},
): PipelineConfig {
  const mode = (config.getOptionalString('videogen.mode') ?? 'local') as
    | 'local'
    | 'aws';
  if (mode !== 'local' && mode !== 'aws') {
    throw new Error(`Invalid config videogen.mode: use local or aws`);
  }
  const dataDir = path.resolve(
    options.cwd ?? process.cwd(),
    config.getOptionalString('videogen.dataDir') ?? '.data',
  );

  const command = config.getOptionalStringArray('videogen.worker.command');
  if (command && command.length === 0) {
    throw new Error(
      'Invalid config videogen.worker.command: give the program and its arguments',
    );
  }

  const uploadsBucket = optionalString(
    config,
    'videogen.storage.s3.uploadsBucket',
  );
  const videosBucket = optionalString(
    config,
    'videogen.storage.s3.videosBucket',
  );
  if (mode === 'aws' && (!uploadsBucket || !videosBucket)) {
    throw new Error(
      'videogen.mode is aws: set videogen.storage.s3.uploadsBucket and videogen.storage.s3.videosBucket',
    );
  }
  const platform = (config.getOptionalString('videogen.queue.batch.platform') ??
    'eks') as 'eks' | 'ecs';
  if (platform !== 'eks' && platform !== 'ecs') {
    throw new Error(
      'Invalid config videogen.queue.batch.platform: use eks or ecs',
    );
  }

  const heartbeatMs =
    positive(config, 'videogen.queue.local.heartbeatSeconds', 5, {
      min: 0.05,
    }) * 1000;
  const leaseMs =
    positive(config, 'videogen.queue.local.leaseSeconds', 30, { min: 0.1 }) *
    1000;
  if (leaseMs <= heartbeatMs) {
    throw new Error(
      'videogen.queue.local.leaseSeconds must be longer than heartbeatSeconds',
    );
  }

  return {
    mode,
    dataDir,
    limits: {
      maxPhotoBytes: positive(
        config,
        'videogen.limits.maxPhotoBytes',
        DEFAULT_UPLOAD_LIMITS.maxPhotoBytes,
        { min: 1, integer: true },
      ),
      maxPhotoPixels: positive(
        config,
        'videogen.limits.maxPhotoPixels',
        DEFAULT_UPLOAD_LIMITS.maxPhotoPixels,
        { min: 1, integer: true },
      ),
      maxScriptCharacters: positive(
        config,
        'videogen.limits.maxScriptCharacters',
        DEFAULT_UPLOAD_LIMITS.maxScriptCharacters,
        { min: 1, integer: true },
      ),
    },
    generatorVersion: optionalString(config, 'videogen.generator.version'),
    workerCommand: command,
    aws: {
      region: optionalString(config, 'videogen.aws.region'),
      accountId: optionalString(config, 'videogen.aws.accountId'),
    },
    storage: {
      s3:
        uploadsBucket && videosBucket
          ? {
              uploadsBucket,
              videosBucket,
              kmsKeyId: optionalString(config, 'videogen.storage.s3.kmsKeyId'),
              cloudfrontDomain: optionalString(
                config,
                'videogen.storage.s3.cloudfrontDomain',
              ),
              endpoint: optionalString(config, 'videogen.storage.s3.endpoint'),
              forcePathStyle:
                config.getOptionalBoolean(
                  'videogen.storage.s3.forcePathStyle',
                ) ?? false,
              region: optionalString(config, 'videogen.storage.s3.region'),
              presignExpirySeconds: positive(
                config,
                'videogen.storage.s3.presignExpirySeconds',
                300,
                { min: 1, integer: true },
              ),
            }
          : undefined,
    },
    queue: {
      retries: positive(config, 'videogen.queue.retries', 2, {
        integer: true,
      }),
      local: {
        workers: positive(
          config,
          'videogen.queue.local.workers',
          Math.max(1, os.cpus().length - 1),
          { integer: true },
        ),
        pollIntervalMs:
          positive(config, 'videogen.queue.local.pollIntervalSeconds', 1, {
            min: 0.01,
          }) * 1000,
        leaseMs,
        heartbeatMs,
        cancelGraceMs:
          positive(config, 'videogen.queue.local.cancelGraceSeconds', 10) *
          1000,
      },
      batch: {
        jobQueue: optionalString(config, 'videogen.queue.batch.jobQueue'),
        jobDefinition: optionalString(
          config,
          'videogen.queue.batch.jobDefinition',
        ),
        platform,
        containerName: optionalString(
          config,
          'videogen.queue.batch.containerName',
        ),
        pollIntervalMs:
          positive(config, 'videogen.queue.batch.pollIntervalSeconds', 10, {
            min: 0.01,
          }) * 1000,
      },
    },
    status: {
      cacheTtlMs:
        positive(config, 'videogen.status.cacheTtlSeconds', 10) * 1000,
      eksClusterName: optionalString(config, 'videogen.status.eks.clusterName'),
      stateStackName: optionalString(config, 'videogen.status.stateStack.name'),
    },
  };
}
