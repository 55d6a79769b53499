/*
 * An aws-mode backend for bench/uploads/aws.bench.ts, in its own process so
 * that the benchmark reads its CPU time and memory from /proc: the real
 * plugin with S3 at the endpoint given (s3rver behind the benchmark's
 * proxy) and AWS Batch answered by aws-sdk-client-mock (SubmitJob,
 * DescribeJobs). Prints "READY <port>".
 *
 *   node --require ./node_modules/@backstage/cli/config/nodeTransform.cjs \
 *     bench/uploads/serveAws.ts <s3 endpoint>
 */
import {
  BatchClient,
  DescribeJobsCommand,
  SubmitJobCommand,
} from '@aws-sdk/client-batch';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { mockClient } from 'aws-sdk-client-mock';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import videogenPlugin from '../../plugins/videogen-backend/src';
import { runServer } from '../lib/common';

runServer(async () => {
  const [endpoint] = process.argv.slice(2);
  const batch = mockClient(BatchClient);
  batch
    .on(SubmitJobCommand)
    .resolves({ jobId: 'j', jobName: 'j', jobArn: 'a' });
  batch.on(DescribeJobsCommand).resolves({ jobs: [] });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'videogen-bench-aws-'));
  const backend = await startTestBackend({
    features: [
      videogenPlugin,
      mockServices.rootConfig.factory({
        data: {
          aws: {
            mainAccount: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
          },
          videogen: {
            mode: 'aws',
            dataDir,
            generator: { version: 'bench' },
            environments: [
              { name: 'prod', target: 'aws', region: 'us-east-1' },
            ],
            aws: { region: 'us-east-1' },
            limits: { maxPhotoBytes: 64 * 1024 * 1024 },
            storage: {
              s3: {
                uploadsBucket: 'vg-uploads',
                videosBucket: 'vg-videos',
                endpoint,
                forcePathStyle: true,
              },
            },
            queue: {
              // Every upload of the benchmark is a new job of one user.
              maxJobsPerUser: 0,
              batch: {
                jobQueue: 'q',
                jobDefinition: 'd:1',
                pollInterval: { minutes: 10 },
              },
            },
          },
        },
      }),
    ],
  });
  return {
    backend,
    afterStop: () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
});
