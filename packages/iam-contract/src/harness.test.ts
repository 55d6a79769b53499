import { BatchClient, SubmitJobCommand } from '@aws-sdk/client-batch';
import { DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import {
  expectCallsAllowed,
  grantedActions,
  iamRequestsFor,
  recordAwsCalls,
} from '.';

const principal = (statements: Array<Record<string, unknown>>) => ({
  name: 'web',
  arn: 'arn:aws:iam::111122223333:role/web',
  accountId: '111122223333',
  policies: [{ Version: '2012-10-17', Statement: statements }],
});

describe('iamRequestsFor', () => {
  const at = { accountId: '111122223333' };

  it('maps a copy to a write of the target and a read of the source', () => {
    expect(
      iamRequestsFor(
        {
          service: 'S3',
          operation: 'CopyObject',
          region: 'eu-west-1',
          input: {
            Bucket: 'up',
            Key: 'uploads/photos/abc.jpg',
            CopySource: 'up/uploads/tmp/x%20y',
          },
        },
        at,
      ),
    ).toEqual([
      {
        action: 's3:PutObject',
        resource: 'arn:aws:s3:::up/uploads/photos/abc.jpg',
        context: {},
      },
      {
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::up/uploads/tmp/x y',
        context: {},
      },
    ]);
  });

  it('checks a job submission against both the queue and the definition', () => {
    expect(
      iamRequestsFor(
        {
          service: 'Batch',
          operation: 'SubmitJob',
          region: 'eu-west-1',
          input: { jobName: 'j', jobQueue: 'q', jobDefinition: 'gen' },
        },
        at,
      ).map(r => r.resource),
    ).toEqual([
      'arn:aws:batch:eu-west-1:111122223333:job-queue/q',
      'arn:aws:batch:eu-west-1:111122223333:job-definition/gen:1',
    ]);
  });

  it('passes the listed prefix as the s3:prefix condition key', () => {
    expect(
      iamRequestsFor(
        {
          service: 'S3',
          operation: 'ListObjectsV2',
          region: 'eu-west-1',
          input: { Bucket: 'v', Prefix: 'videos/1/' },
        },
        at,
      ),
    ).toEqual([
      {
        action: 's3:ListBucket',
        resource: 'arn:aws:s3:::v',
        context: { 's3:prefix': 'videos/1/' },
      },
    ]);
  });

  it('refuses an operation it has no mapping for, by name', () => {
    expect(() =>
      iamRequestsFor(
        {
          service: 'S3',
          operation: 'PutBucketAcl',
          region: 'eu-west-1',
          input: {},
        },
        at,
      ),
    ).toThrow('No IAM mapping for S3 PutBucketAcl');
  });
});

describe('recordAwsCalls with the simulator', () => {
  const batch = mockClient(BatchClient);
  const s3 = mockClient(S3Client);
  const recorder = recordAwsCalls([BatchClient, S3Client]);

  afterAll(() => recorder.stop());
  beforeEach(() => {
    recorder.clear();
    batch.reset();
    s3.reset();
    recorder.attach();
  });

  it('records mocked calls with their region and input', async () => {
    batch.on(SubmitJobCommand).resolves({ jobId: '1', jobName: 'j' });
    await new BatchClient({ region: 'eu-west-1' }).send(
      new SubmitJobCommand({
        jobName: 'j',
        jobQueue: 'q',
        jobDefinition: 'gen:3',
      }),
    );
    expect(await recorder.calls()).toEqual([
      {
        service: 'Batch',
        operation: 'SubmitJob',
        region: 'eu-west-1',
        input: { jobName: 'j', jobQueue: 'q', jobDefinition: 'gen:3' },
      },
    ]);
  });

  it('fails naming the action and resource a policy does not grant', async () => {
    s3.on(DeleteObjectCommand).resolves({});
    await new S3Client({ region: 'eu-west-1' }).send(
      new DeleteObjectCommand({ Bucket: 'up', Key: 'uploads/tmp/1' }),
    );
    const calls = await recorder.calls();
    const readOnly = principal([
      {
        Effect: 'Allow',
        Action: ['s3:GetObject'],
        Resource: 'arn:aws:s3:::up/*',
      },
    ]);
    await expect(expectCallsAllowed(readOnly, calls)).rejects.toThrow(
      's3:DeleteObject on arn:aws:s3:::up/uploads/tmp/1 (S3 DeleteObject): ImplicitlyDenied',
    );
    const readWrite = principal([
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:DeleteObject'],
        Resource: 'arn:aws:s3:::up/*',
      },
    ]);
    await expect(expectCallsAllowed(readWrite, calls)).resolves.toBeUndefined();
  });

  it('treats a check with no recorded call as a failure, not a pass', async () => {
    await expect(expectCallsAllowed(principal([]), [])).rejects.toThrow(
      'No AWS calls were recorded',
    );
  });
});

describe('grantedActions', () => {
  it('lists the actions of Allow statements only', () => {
    expect(
      grantedActions({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['s3:PutObject', 's3:GetObject'],
            Resource: '*',
          },
          { Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' },
          { Effect: 'Allow', Action: 'batch:SubmitJob', Resource: '*' },
        ],
      }),
    ).toEqual(['batch:SubmitJob', 's3:GetObject', 's3:PutObject']);
  });
});
