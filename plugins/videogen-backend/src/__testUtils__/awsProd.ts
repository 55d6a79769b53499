import { JsonObject } from '@backstage/types';
import { testEnvironment } from '@videogen/iam-contract';
import fs from 'node:fs';
import { S3Peer } from '../storage/__testUtils__/S3Peer';
import { tempDir } from '../videos/__testUtils__/seed';

// The setting of the aws-mode tests that run the whole plugin: one
// configured environment, "prod" in us-east-1, whose buckets live on an S3
// peer (s3rver) and whose Batch queue and EKS cluster the test mocks.

const PROD = {
  name: 'prod',
  region: 'us-east-1',
  uploadsBucket: 'vg-uploads',
  videosBucket: 'vg-videos',
  jobQueue: 'videogen-q',
  jobDefinition: 'videogen-def',
  clusterName: 'videogen-eks',
} as const;

/** "prod" as an environment of the IAM policies our Terraform writes. */
export const prodPolicyEnvironment = () => testEnvironment(PROD);

/**
 * An S3 peer with prod's two buckets, started before the test file's tests
 * and stopped (its directory removed) after them. `peer()` is the peer.
 */
export function useProdS3Peer(options?: { acceptAnySecret?: boolean }): {
  peer: () => S3Peer;
} {
  let peer: S3Peer | undefined;
  let directory: string | undefined;
  beforeAll(async () => {
    directory = tempDir('videogen-s3-peer-');
    peer = new S3Peer(
      directory,
      [PROD.uploadsBucket, PROD.videosBucket],
      options,
    );
    await peer.start();
  });
  afterAll(async () => {
    await peer?.stop();
    if (directory) fs.rmSync(directory, { recursive: true, force: true });
  });
  return { peer: () => peer! };
}

/** The `videogen` config of an aws-mode backend that serves prod. */
export function prodAwsConfig(
  endpoint: string,
  options: {
    generatorVersion?: string;
    kmsKeyId?: string;
    /** How often the Batch queue polls its jobs; default 50 ms. */
    pollIntervalMs?: number;
    /** Extra `videogen.uploads` settings. */
    uploads?: JsonObject;
  } = {},
): JsonObject {
  const s3: JsonObject = {
    uploadsBucket: PROD.uploadsBucket,
    videosBucket: PROD.videosBucket,
    endpoint,
    forcePathStyle: true,
  };
  if (options.kmsKeyId) s3.kmsKeyId = options.kmsKeyId;
  return {
    mode: 'aws',
    dataDir: tempDir(),
    ...(options.generatorVersion && {
      generator: { version: options.generatorVersion },
    }),
    environments: [{ name: PROD.name, target: 'aws', region: PROD.region }],
    aws: { region: PROD.region },
    ...(options.uploads && { uploads: options.uploads }),
    storage: { s3 },
    queue: {
      batch: {
        jobQueue: PROD.jobQueue,
        jobDefinition: `${PROD.jobDefinition}:1`,
        pollInterval: { milliseconds: options.pollIntervalMs ?? 50 },
      },
    },
    status: { eks: { clusterName: PROD.clusterName } },
  };
}
