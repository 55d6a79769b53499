import {
  BatchClient,
  DescribeComputeEnvironmentsCommand,
  DescribeJobQueuesCommand,
  DescribeJobsCommand,
  SubmitJobCommand,
} from '@aws-sdk/client-batch';
import {
  DescribeClusterCommand,
  EKSClient,
  ListNodegroupsCommand,
} from '@aws-sdk/client-eks';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  AwsCall,
  expectCallsAllowed,
  recordAwsCalls,
  webPrincipal,
} from '@videogen/iam-contract';
import { mockClient } from 'aws-sdk-client-mock';
import { createHash } from 'node:crypto';
import request from 'supertest';
import {
  prodAwsConfig,
  prodPolicyEnvironment,
  useProdS3Peer,
} from './__testUtils__/awsProd';
import { videogenPlugin } from './plugin';
import { RecordingLogger } from './runs/__testUtils__/api';
import { S3Peer } from './storage/__testUtils__/S3Peer';
import { fixtures } from './videos/__testUtils__/photos';
import { multipart, uploadParts } from './videos/__testUtils__/multipart';
import { waitFor } from './videos/__testUtils__/seed';

jest.setTimeout(60_000);

/** Marks the S3 writes the test makes in the generator's place. */
const GENERATOR = { writer: 'generator-in-test' };

describe('aws mode (S3 on s3rver, AWS Batch and EKS mocked)', () => {
  const batch = mockClient(BatchClient);
  const eks = mockClient(EKSClient);
  // After the mocks: it wraps the `send` they installed.
  const recorder = recordAwsCalls([S3Client, BatchClient, EKSClient]);
  /** The configured buckets, queue and cluster, as a policy environment. */
  const prod = prodPolicyEnvironment();
  const s3Peer = useProdS3Peer({ acceptAnySecret: true });
  let peer: S3Peer;
  beforeAll(() => {
    peer = s3Peer.peer();
  });

  /** The videogen config of an aws-mode backend on the S3 peer and mocked Batch/EKS. */
  const videogenAwsConfig = (
    extra: { generatorVersion?: string; kmsKeyId?: string } = {},
  ) => prodAwsConfig(peer.endpoint, extra);

  afterAll(() => {
    recorder.stop();
  });

  it('stores uploads in S3, submits to Batch, records the result, redirects playback to a presigned URL and reports EKS/Batch status', async () => {
    let batchStatus = 'RUNNABLE';
    batch
      .on(SubmitJobCommand)
      .resolves({ jobId: 'batch-42', jobName: 'x', jobArn: 'arn' });
    batch.on(DescribeJobsCommand).callsFake(() => ({
      jobs: [
        {
          jobId: 'batch-42',
          jobName: 'x',
          jobQueue: 'videogen-q',
          jobDefinition: 'videogen-def:1',
          status: batchStatus,
        },
      ],
    }));
    batch.on(DescribeJobQueuesCommand).resolves({
      jobQueues: [
        {
          jobQueueName: 'videogen-q',
          jobQueueArn: 'arn:q',
          state: 'ENABLED',
          status: 'VALID',
          priority: 1,
          computeEnvironmentOrder: [],
        },
      ],
    });
    batch
      .on(DescribeComputeEnvironmentsCommand)
      .resolves({ computeEnvironments: [] });
    eks.on(DescribeClusterCommand).resolves({
      cluster: { name: 'videogen-eks', status: 'ACTIVE', version: '1.31' },
    });
    eks.on(ListNodegroupsCommand).resolves({ nodegroups: [] });
    recorder.attach();
    recorder.clear();

    const backend = await startTestBackend({
      features: [
        videogenPlugin,
        mockServices.rootConfig.factory({
          data: {
            aws: {
              mainAccount: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
            },
            videogen: videogenAwsConfig({
              generatorVersion: 'image-7',
              kmsKeyId: 'alias/vg',
            }),
          },
        }),
      ],
    });
    const server = backend.server;
    try {
      const photo = fixtures.knightJpg();
      const { body, contentType } = multipart(
        uploadParts({ photo, script: 'A knight.', environment: 'prod' }),
      );
      const created = await request(server)
        .post('/api/videogen/videos')
        .set('Content-Type', contentType)
        .send(body);
      expect(created.status).toBe(202);
      const videoId = created.body.videoId;
      const photoSha = createHash('sha256').update(photo).digest('hex');

      // The photo went to the uploads bucket, with SSE-KMS, and only there.
      const photoPut = peer.seen.filter(
        r =>
          r.method === 'PUT' && r.url.startsWith('/vg-uploads/uploads/photos/'),
      );
      expect(photoPut.map(r => r.url.split('?')[0])).toEqual([
        `/vg-uploads/uploads/photos/${photoSha}.jpg`,
      ]);
      expect(photoPut[0].headers['x-amz-server-side-encryption']).toBe(
        'aws:kms',
      );

      const submitted = batch.commandCalls(SubmitJobCommand)[0].args[0].input;
      expect(submitted.jobQueue).toBe('videogen-q');
      expect(
        submitted.eksPropertiesOverride?.podProperties?.containers?.[0].env,
      ).toEqual(
        expect.arrayContaining([
          {
            name: 'VIDEOGEN_PHOTO_URI',
            value: `s3://vg-uploads/uploads/photos/${photoSha}.jpg`,
          },
          {
            name: 'VIDEOGEN_OUTPUT_URI',
            value: `s3://vg-videos/videos/${videoId}/`,
          },
          { name: 'VIDEOGEN_S3_KMS_KEY_ID', value: 'alias/vg' },
        ]),
      );

      // The "container" writes its outputs; Batch reports SUCCEEDED.
      const s3 = peer.client();
      const mp4 = Buffer.from('an mp4 from the generator');
      await s3.send(
        new PutObjectCommand({
          Bucket: 'vg-videos',
          Key: `videos/${videoId}/video.mp4`,
          Body: mp4,
          Metadata: GENERATOR,
        }),
      );
      await s3.send(
        new PutObjectCommand({
          Bucket: 'vg-videos',
          Key: `videos/${videoId}/result.json`,
          Body: JSON.stringify({
            durationSeconds: 9,
            sizeBytes: mp4.length,
            sha256: createHash('sha256').update(mp4).digest('hex'),
          }),
          Metadata: GENERATOR,
        }),
      );
      batchStatus = 'SUCCEEDED';
      await waitFor(async () => {
        const video = await request(server).get(
          `/api/videogen/videos/${videoId}`,
        );
        return video.body.state === 'SUCCEEDED';
      });

      const content = await request(server)
        .get(`/api/videogen/videos/${videoId}/content`)
        .redirects(0);
      expect(content.status).toBe(302);
      expect(content.headers['cache-control']).toBe('no-store');
      const location = content.headers.location;
      expect(location).toContain(
        `${peer.endpoint}/vg-videos/videos/${videoId}/video.mp4?`,
      );
      expect(location).toMatch(/X-Amz-Signature=/);
      const fetched = await fetch(location);
      expect(await fetched.text()).toBe('an mp4 from the generator');

      const status = await request(server).get(
        '/api/videogen/environments/prod/status',
      );
      expect(status.body).toMatchObject({
        target: 'aws',
        cluster: {
          data: { kind: 'eks', name: 'videogen-eks', status: 'ACTIVE' },
        },
        queue: {
          data: {
            name: 'videogen-q',
            state: 'ENABLED',
            counts: { SUCCEEDED: 1 },
          },
        },
        videos: { data: { total: 1, totalDurationSeconds: 9 } },
      });

      // Every AWS call the backend made (and the presigned GET the browser
      // makes with its credentials) is one the web role may make.
      const url = new URL(location);
      const presignedGet: AwsCall = {
        service: 'S3',
        operation: 'GetObject',
        region: url.searchParams.get('X-Amz-Credential')!.split('/')[2],
        input: {
          Bucket: 'vg-videos',
          Key: url.pathname.replace('/vg-videos/', ''),
        },
      };
      const calls = (await recorder.calls()).filter(
        call => call.input.Metadata !== GENERATOR,
      );
      expect(calls.map(call => call.operation)).toEqual(
        expect.arrayContaining(['CopyObject', 'SubmitJob', 'DescribeCluster']),
      );
      await expectCallsAllowed(webPrincipal(prod), [...calls, presignedGet]);
    } finally {
      await backend.stop();
    }
  });
  it('keeps the AWS secret key out of every log line and every API answer, failures included', async () => {
    const canary = 'canary-aws-secret-9f3e2c1b7a';
    batch.reset();
    eks.reset();
    const denied = Object.assign(
      new Error('User is not authorized to perform batch:SubmitJob'),
      { name: 'AccessDeniedException' },
    );
    batch.on(SubmitJobCommand).rejects(denied);
    batch.on(DescribeJobQueuesCommand).rejects(denied);
    batch.on(DescribeComputeEnvironmentsCommand).rejects(denied);
    eks.on(DescribeClusterCommand).rejects(
      Object.assign(new Error('cluster videogen-eks not found'), {
        name: 'ResourceNotFoundException',
      }),
    );
    const logger = new RecordingLogger();
    const backend = await startTestBackend({
      features: [
        videogenPlugin,
        logger.factory(),
        mockServices.rootConfig.factory({
          data: {
            aws: {
              mainAccount: { accessKeyId: 'S3RVER', secretAccessKey: canary },
            },
            videogen: videogenAwsConfig(),
          },
        }),
      ],
    });
    const server = backend.server;
    const answers: string[] = [];
    const keep = (response: request.Response) => {
      answers.push(
        JSON.stringify({
          status: response.status,
          headers: response.headers,
          body: response.body,
          text: response.text,
        }),
      );
      return response;
    };
    try {
      const { body, contentType } = multipart(
        uploadParts({
          photo: fixtures.knightJpg(),
          script: 'A knight with a secret.',
          environment: 'prod',
        }),
      );
      const created = keep(
        await request(server)
          .post('/api/videogen/videos')
          .set('Content-Type', contentType)
          .send(body),
      );
      // The photo reached S3 signed with the canary secret.
      expect(peer.requests('PUT', /^\/vg-uploads\//).length).toBeGreaterThan(0);
      const videoId = created.body.videoId;
      // Batch refuses the job: the video fails with a reason.
      const failed = await waitFor(async () => {
        const video = keep(
          await request(server).get(`/api/videogen/videos/${videoId}`),
        );
        return video.body.state === 'FAILED' ? video.body : undefined;
      });
      expect(failed.failureReason).toMatch(/not authorized/);

      const { body: svg, contentType: svgType } = multipart(
        uploadParts({
          photo: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
          script: 'A drawing.',
          environment: 'prod',
        }),
      );
      keep(
        await request(server)
          .post('/api/videogen/videos')
          .set('Content-Type', svgType)
          .send(svg),
      );
      const status = keep(
        await request(server).get('/api/videogen/environments/prod/status'),
      );
      expect(status.body.cluster.error).toBeDefined();
      expect(status.body.queue.error).toBeDefined();
      keep(await request(server).get('/api/videogen/videos?environment=prod'));
      keep(
        await request(server)
          .get(`/api/videogen/videos/${videoId}/content`)
          .redirects(0),
      );
    } finally {
      await backend.stop();
    }

    expect(answers.length).toBeGreaterThan(5);
    expect(logger.records.length).toBeGreaterThan(0);
    for (const text of [...answers, ...logger.records]) {
      expect(text).not.toContain(canary);
    }
  });
});
