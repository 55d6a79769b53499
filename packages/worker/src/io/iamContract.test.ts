import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  expectCallsAllowed,
  recordAwsCalls,
  testEnvironment,
  workerPrincipal,
} from '@videogen/iam-contract';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { TestS3 } from '../__testUtils__/s3';
import { FIXTURES, makeTempDir } from '../__testUtils__/worker';
import { generateVideo } from '../render/generate';

jest.setTimeout(180_000);
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/**
 * The worker's half of the IAM contract: every S3 call a render makes, from
 * reading its inputs to publishing (or cleaning up) its outputs, must be
 * allowed by the worker role's policy that Terraform renders from
 * terraform/policies/worker.json.tftpl. The buckets carry the environment's
 * own names so the policy and the calls name the same resources.
 */
describe('worker S3 calls against the worker role policy', () => {
  const env = testEnvironment();
  const principal = workerPrincipal(env);
  let root: string;
  let s3: TestS3;
  let client: S3Client;
  const recorder = recordAwsCalls([S3Client]);

  beforeAll(async () => {
    // The SDK's default credential chain reads the process environment, not
    // the env passed to generateVideo.
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    root = await makeTempDir();
    s3 = new TestS3(join(root, 's3rver'), [
      env.uploadsBucket,
      env.videosBucket,
    ]);
    await s3.start();
    client = s3.client();
    const put = async (key: string, body: Buffer | string) =>
      client.send(
        new PutObjectCommand({
          Bucket: env.uploadsBucket,
          Key: key,
          Body: body,
        }),
      );
    await put(
      'uploads/photos/fox.webp',
      await fs.readFile(join(FIXTURES, 'fox.webp')),
    );
    await put('uploads/scripts/short.txt', 'The fox slept.');
  });

  beforeEach(() => recorder.clear());

  afterAll(async () => {
    recorder.stop();
    client?.destroy();
    await s3?.stop();
    await fs.rm(root, { recursive: true, force: true });
  });

  const render = (outputKey: string) =>
    generateVideo({
      photoUri: `s3://${env.uploadsBucket}/uploads/photos/fox.webp`,
      scriptUri: `s3://${env.uploadsBucket}/uploads/scripts/short.txt`,
      outputUri: `s3://${env.videosBucket}/videos/${outputKey}/`,
      concurrency: 1,
      env: { ...process.env, ...s3.env(), AWS_REGION: env.region },
    });

  it('allows reading the inputs and publishing video, poster and result', async () => {
    await render('v-ok');
    const calls = await recorder.calls();
    expect(calls.map(c => c.operation)).toEqual(
      expect.arrayContaining(['GetObject', 'PutObject']),
    );
    await expectCallsAllowed(principal, calls);
  });

  it('allows removing a partial output when publishing fails half way', async () => {
    s3.deny = req => req.method === 'PUT' && req.url.includes('result.json');
    try {
      await expect(render('v-partial')).rejects.toThrow();
    } finally {
      s3.deny = () => false;
    }
    const calls = await recorder.calls();
    expect(calls.map(c => c.operation)).toContain('DeleteObjects');
    await expectCallsAllowed(principal, calls);
  });

  it('allows learning that an input is missing (404 needs s3:ListBucket)', async () => {
    await expect(
      generateVideo({
        photoUri: `s3://${env.uploadsBucket}/uploads/photos/missing.jpg`,
        scriptUri: `s3://${env.uploadsBucket}/uploads/scripts/short.txt`,
        outputUri: `s3://${env.videosBucket}/videos/v-missing/`,
        env: { ...process.env, ...s3.env(), AWS_REGION: env.region },
      }),
    ).rejects.toThrow(/missing\.jpg: no such object/);
    const calls = await recorder.calls();
    // S3 answers 404 rather than 403 for a missing key only to a caller that
    // may list the bucket: check that grant alongside the recorded reads.
    await expectCallsAllowed(principal, [
      ...calls,
      {
        service: 'S3',
        operation: 'ListObjectsV2',
        region: env.region,
        input: {
          Bucket: env.uploadsBucket,
          Prefix: 'uploads/photos/missing.jpg',
        },
      },
    ]);
  });
});
