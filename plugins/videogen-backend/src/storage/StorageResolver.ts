import { AwsClients } from '../aws/clients';
import { S3ConnectionConfig, S3StorageConfig } from './config';
import {
  bucketsOfEnvironment,
  EnvironmentBuckets,
  StorageEnvironment,
} from './environmentBuckets';
import { S3ObjectStorage } from './S3ObjectStorage';
import { ObjectStorage } from './types';

/** The storage of one environment, and what its generator must know of it. */
export type EnvironmentStorage = {
  storage: ObjectStorage;
  /** SSE-KMS key the generator encrypts its outputs with, if any. */
  kmsKeyId?: string;
};

/**
 * Finds the object storage of an environment. Every object of a video (its
 * uploaded inputs, its outputs, their URIs for the generator, playback
 * URLs) lives in the storage of the video's environment.
 */
export interface StorageResolver {
  readonly kind: 'local' | 's3';
  /**
   * The one storage of every environment (local mode), so that an upload
   * can start streaming before it names its environment.
   */
  readonly shared?: ObjectStorage;
  /** Throws a 409 when the environment has no usable storage. */
  forEnvironment(environment: string): Promise<EnvironmentStorage>;
}

/** One storage for all environments: the local directory. */
export class SharedStorage implements StorageResolver {
  readonly kind: 'local' | 's3';
  constructor(readonly shared: ObjectStorage) {
    this.kind = shared.kind;
  }
  async forEnvironment(): Promise<EnvironmentStorage> {
    return { storage: this.shared };
  }
}

/**
 * aws mode: each environment's own buckets, from the Terraform outputs of
 * its last apply (in its region), else the configured buckets. A second
 * environment's worker role cannot read the first one's buckets, so an
 * environment never borrows another's. Adapters are cached by what they
 * point at, so new outputs (another apply) give a new adapter.
 */
export class EnvironmentS3Storages implements StorageResolver {
  readonly kind = 's3' as const;
  private readonly cache = new Map<string, S3ObjectStorage>();

  constructor(
    private readonly options: {
      environments: {
        get(name: string): Promise<StorageEnvironment | undefined>;
      };
      /** `videogen.storage.s3` buckets: the fallback. */
      fallback?: S3StorageConfig;
      connection: S3ConnectionConfig;
      aws: Pick<AwsClients, 's3'>;
    },
  ) {}

  async forEnvironment(environment: string): Promise<EnvironmentStorage> {
    const buckets = bucketsOfEnvironment(
      environment,
      await this.options.environments.get(environment),
      this.options.fallback,
    );
    return { storage: this.storageOf(buckets), kmsKeyId: buckets.kmsKeyId };
  }

  private storageOf(buckets: EnvironmentBuckets): S3ObjectStorage {
    const key = JSON.stringify([
      buckets.region,
      buckets.uploadsBucket,
      buckets.videosBucket,
      buckets.kmsKeyId,
      buckets.cloudfrontDomain,
    ]);
    let storage = this.cache.get(key);
    if (!storage) {
      const { connection, aws } = this.options;
      storage = new S3ObjectStorage({
        client: aws.s3({
          region: buckets.region,
          endpoint: connection.endpoint,
          forcePathStyle: connection.forcePathStyle,
        }),
        uploadsBucket: buckets.uploadsBucket,
        videosBucket: buckets.videosBucket,
        kmsKeyId: buckets.kmsKeyId,
        cloudfrontDomain: buckets.cloudfrontDomain,
        presignExpirySeconds: connection.presignExpirySeconds,
      });
      this.cache.set(key, storage);
    }
    return storage;
  }
}
