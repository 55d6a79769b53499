import path from 'node:path';
import { AwsClients } from '../aws/clients';
import { StorageConfig } from './config';
import { LocalObjectStorage } from './LocalObjectStorage';
import { S3ObjectStorage } from './S3ObjectStorage';
import { ObjectStorage } from './types';

export type { ObjectStorage, StoredObject, ByteRange } from './types';
export { storageKeys } from './keys';
export { LocalObjectStorage } from './LocalObjectStorage';
export { S3ObjectStorage } from './S3ObjectStorage';

/**
 * The storage adapter `videogen.mode` asks for: a directory under
 * `<dataDir>/storage` in local mode, the S3 uploads and videos buckets in aws
 * mode.
 */
export function createObjectStorage(
  config: StorageConfig,
  aws: AwsClients,
): ObjectStorage {
  if (config.mode === 'local') {
    return new LocalObjectStorage(path.join(config.dataDir, 'storage'));
  }
  const s3 = config.s3;
  if (!s3) {
    throw new Error(
      'videogen.mode is aws: set videogen.storage.s3.uploadsBucket and videosBucket',
    );
  }
  return new S3ObjectStorage({
    client: aws.s3({
      region: s3.region,
      endpoint: s3.endpoint,
      forcePathStyle: s3.forcePathStyle,
    }),
    uploadsBucket: s3.uploadsBucket,
    videosBucket: s3.videosBucket,
    kmsKeyId: s3.kmsKeyId,
    cloudfrontDomain: s3.cloudfrontDomain,
    presignExpirySeconds: s3.presignExpirySeconds,
  });
}
