import path from 'node:path';
import { AwsClients } from '../aws/clients';
import { StorageConfig } from './config';
import { StorageEnvironment } from './environmentBuckets';
import { LocalObjectStorage } from './LocalObjectStorage';
import {
  EnvironmentS3Storages,
  SharedStorage,
  StorageResolver,
} from './StorageResolver';

export type { ObjectStorage, StoredObject, ByteRange } from './types';
export { storageKeys } from './keys';
export { LocalObjectStorage } from './LocalObjectStorage';
export { S3ObjectStorage } from './S3ObjectStorage';
export type { EnvironmentStorage, StorageResolver } from './StorageResolver';
export { EnvironmentS3Storages, SharedStorage } from './StorageResolver';
export type { StorageEnvironment } from './environmentBuckets';

/**
 * The storage `videogen.mode` asks for: one directory under
 * `<dataDir>/storage` in local mode; in aws mode each environment's own
 * uploads and videos buckets (its Terraform outputs), with the configured
 * buckets as the fallback.
 */
export function createStorageResolver(
  config: StorageConfig,
  aws: Pick<AwsClients, 's3'>,
  environments: { get(name: string): Promise<StorageEnvironment | undefined> },
): StorageResolver {
  if (config.mode === 'local') {
    return new SharedStorage(
      new LocalObjectStorage(path.join(config.dataDir, 'storage')),
    );
  }
  return new EnvironmentS3Storages({
    environments,
    fallback: config.s3,
    connection: config.s3Connection,
    aws,
  });
}
