import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CloudFormationClient,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import {
  CreateBucketCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { mockClient } from 'aws-sdk-client-mock';
import S3rver from 's3rver';
import {
  callsOfMock,
  expectCallsAllowed,
  recordAwsCalls,
  stateBootstrapPrincipal,
} from '@videogen/iam-contract';
import { createStateRemoveAction } from './stateRemove';

// CloudFormation has no local peer, so it is mocked at the SDK boundary; the
// bucket itself lives in a real S3 protocol peer (s3rver) on loopback.
const cfn = mockClient(CloudFormationClient);
const fastWait = {
  minDelaySeconds: 1,
  maxDelaySeconds: 1,
  maxWaitSeconds: 20,
  eventPollSeconds: 0.05,
};
const BUCKET = 'videogen-tfstate-abc123';

let server: S3rver;
let s3: S3Client;
let directory: string;

beforeAll(async () => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 's3rver-'));
  server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
  });
  const { port } = await server.run();
  s3 = new S3Client({
    region: 'eu-west-1',
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
});

afterAll(async () => {
  await server.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

beforeEach(async () => {
  cfn.reset();
  cfn
    .on(DescribeStacksCommand)
    .resolvesOnce({
      Stacks: [
        {
          StackName: 'videogen-terraform-state',
          StackStatus: 'CREATE_COMPLETE',
          CreationTime: new Date(),
          Outputs: [{ OutputKey: 'BucketName', OutputValue: BUCKET }],
        },
      ],
    })
    // After DeleteStack the waiter sees the stack gone.
    .rejects(
      Object.assign(
        new Error(`Stack with id videogen-terraform-state does not exist`),
        { name: 'ValidationError' },
      ),
    );
  cfn.on(DeleteStackCommand).resolves({});
  cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
  await s3
    .send(new CreateBucketCommand({ Bucket: BUCKET }))
    .catch(() => undefined);
});

const bucketExists = () =>
  s3.send(new HeadBucketCommand({ Bucket: BUCKET })).then(
    () => true,
    () => false,
  );

describe('videogen:state:remove', () => {
  it('deletes the stack and keeps the bucket by default', async () => {
    const ctx = createMockActionContext({ input: { region: 'eu-west-1' } });

    await createStateRemoveAction({
      wait: fastWait,
      s3ClientFor: () => s3,
    }).handler(ctx as any);

    expect(cfn.commandCalls(DeleteStackCommand)).toHaveLength(1);
    expect(await bucketExists()).toBe(true);
    expect(ctx.output).toHaveBeenCalledWith('bucketDeleted', false);
  });

  it('deletes an empty bucket when asked, within the policy the backend needs', async () => {
    const ctx = createMockActionContext({
      input: { region: 'eu-west-1', deleteBucket: true },
    });
    const s3Calls = recordAwsCalls([S3Client]);

    try {
      await createStateRemoveAction({
        wait: fastWait,
        s3ClientFor: () => s3,
      }).handler(ctx as any);
      await expectCallsAllowed(
        stateBootstrapPrincipal({
          accountId: '123456789012',
          stackName: 'videogen-terraform-state',
          stateBucketPrefix: 'videogen-tfstate-',
        }),
        [...(await callsOfMock(cfn)), ...(await s3Calls.calls())],
      );
    } finally {
      s3Calls.stop();
    }

    expect(await bucketExists()).toBe(false);
    expect(ctx.output).toHaveBeenCalledWith('bucketDeleted', true);
  });

  it('refuses to delete a bucket that still holds state, and leaves the stack alone', async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'videogen/prod/eu-west-1/terraform.tfstate',
        Body: '{}',
      }),
    );
    const ctx = createMockActionContext({
      input: { region: 'eu-west-1', deleteBucket: true },
    });

    await expect(
      createStateRemoveAction({
        wait: fastWait,
        s3ClientFor: () => s3,
      }).handler(ctx as any),
    ).rejects.toThrow(
      /still holds Terraform state .*terraform\.tfstate.*Nothing was removed/,
    );
    expect(cfn.commandCalls(DeleteStackCommand)).toHaveLength(0);
    expect(await bucketExists()).toBe(true);
  });
});
