import {
  BatchClient,
  DescribeComputeEnvironmentsCommand,
  DescribeJobQueuesCommand,
  DescribeJobsCommand,
  SubmitJobCommand,
  TerminateJobCommand,
} from '@aws-sdk/client-batch';
import {
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  EKSClient,
  ListNodegroupsCommand,
} from '@aws-sdk/client-eks';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  AwsCall,
  expectCallsAllowed,
  recordAwsCalls,
  TestEnvironment,
  testEnvironment,
  webPrincipal,
  workerPrincipal,
} from '@videogen/iam-contract';
import { mockClient } from 'aws-sdk-client-mock';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { Knex } from 'knex';
import request from 'supertest';
import { awsEnvironmentOutputs } from './__testUtils__/awsEnvironmentOutputs';
import { videogenPlugin } from './plugin';
import { S3Peer } from './storage/__testUtils__/S3Peer';
import { multipart, uploadParts } from './videos/__testUtils__/multipart';
import { fixtures, svgPhoto } from './videos/__testUtils__/photos';
import { tempDir, waitFor } from './videos/__testUtils__/seed';

jest.setTimeout(120_000);
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const sha256 = (data: Buffer | string) =>
  createHash('sha256').update(data).digest('hex');

/** Marks the S3 writes the test makes in the generator's place. */
const GENERATOR_METADATA = { writer: 'generator-in-test' };

/**
 * Two aws environments in one backend, each with the buckets, job queue and
 * job definition of its own Terraform outputs (s3rver serves all four
 * buckets; AWS Batch and EKS are mocked). Every AWS call the backend makes
 * is recorded and checked against the web role policy Terraform renders for
 * the environment the call belongs to, so a call that another environment's
 * role would need, or that the policy lacks, fails with its action named.
 */
describe('aws mode with two environments (own buckets, queues, IAM contract)', () => {
  const a = testEnvironment({ name: 'contract-a' });
  const b = testEnvironment({ name: 'contract-b', region: 'us-west-2' });
  const environments = [a, b];
  const prefixOf = (env: TestEnvironment) =>
    `videogen-${env.name}-${env.region}`;

  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const batch = mockClient(BatchClient);
  const eks = mockClient(EKSClient);
  // After the mocks: it wraps the `send` they installed.
  const recorder = recordAwsCalls([S3Client, BatchClient, EKSClient]);
  let peer: S3Peer;
  let generatorS3: S3Client;
  let knex: Knex;
  let server: http.Server;
  let stopBackend: () => Promise<void>;
  /** Batch job id → the state DescribeJobs reports. */
  const batchJobs = new Map<string, string>();

  beforeAll(async () => {
    peer = new S3Peer(
      tempDir('videogen-aws-envs-'),
      environments.flatMap(env => [env.uploadsBucket, env.videosBucket]),
      { acceptAnySecret: true },
    );
    await peer.start();
    generatorS3 = peer.client();
    knex = await databases.init('SQLITE_3');
  });

  beforeEach(() => {
    batch.reset();
    eks.reset();
    recorder.attach();
    let submitted = 0;
    batch.on(SubmitJobCommand).callsFake(input => {
      const jobId = `batch-${++submitted}`;
      batchJobs.set(jobId, 'RUNNABLE');
      return { jobId, jobName: input.jobName, jobArn: `arn:${jobId}` };
    });
    batch.on(DescribeJobsCommand).callsFake(input => ({
      jobs: (input.jobs as string[])
        .filter(id => batchJobs.has(id))
        .map(id => ({
          jobId: id,
          jobName: id,
          jobQueue: 'q',
          jobDefinition: 'd',
          status: batchJobs.get(id),
          startedAt: Date.now(),
        })),
    }));
    batch.on(TerminateJobCommand).resolves({});
    batch.on(DescribeJobQueuesCommand).callsFake(input => ({
      jobQueues: (input.jobQueues as string[]).map(arn => ({
        jobQueueName: arn.split('/').pop(),
        jobQueueArn: arn,
        state: 'ENABLED',
        status: 'VALID',
        priority: 1,
        computeEnvironmentOrder: [],
      })),
    }));
    batch
      .on(DescribeComputeEnvironmentsCommand)
      .resolves({ computeEnvironments: [] });
    eks.on(DescribeClusterCommand).callsFake(input => ({
      cluster: { name: input.name, status: 'ACTIVE', version: '1.31' },
    }));
    eks.on(ListNodegroupsCommand).callsFake(input => ({
      nodegroups: [`${input.clusterName}-default`],
    }));
    eks.on(DescribeNodegroupCommand).callsFake(input => ({
      nodegroup: {
        nodegroupName: input.nodegroupName,
        status: 'ACTIVE',
        scalingConfig: { minSize: 1, maxSize: 2, desiredSize: 1 },
      },
    }));
  });

  afterAll(async () => {
    recorder.stop();
    await stopBackend?.();
    generatorS3?.destroy();
    await peer?.stop();
  });

  async function startBackend() {
    const backend = await startTestBackend({
      features: [
        videogenPlugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            aws: {
              mainAccount: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
            },
            videogen: {
              mode: 'aws',
              dataDir: tempDir(),
              environments: [],
              aws: { region: 'us-east-1' },
              // No buckets here: each environment brings its own.
              storage: {
                s3: { endpoint: peer.endpoint, forcePathStyle: true },
              },
              queue: { batch: { pollInterval: { milliseconds: 50 } } },
            },
          },
        }),
      ],
    });
    server = backend.server;
    stopBackend = () => backend.stop();
    for (const env of environments) {
      await knex('videogen_environments').insert({
        name: env.name,
        target: 'aws',
        region: env.region,
        status: 'READY',
        created_by: 'test',
        outputs: JSON.stringify(awsEnvironmentOutputs(env)),
      });
    }
  }

  const upload = (
    environment: string,
    script: string,
    order: 'photo first' | 'environment first' = 'photo first',
  ) => {
    // Photo first: the backend holds the photo until it knows the
    // environment's buckets. Environment first (as the frontend sends it):
    // the photo streams straight to them.
    const parts = uploadParts({
      photo: fixtures.knightJpg(),
      script,
      environment,
    });
    const { body, contentType } = multipart(
      order === 'photo first' ? parts : [parts[2], parts[0], parts[1]],
    );
    return request(server)
      .post('/api/videogen/videos')
      .set('Content-Type', contentType)
      .send(body);
  };

  const videoState = (id: string, state: string) =>
    waitFor(
      async () => {
        const response = await request(server).get(
          `/api/videogen/videos/${id}`,
        );
        return response.body.state === state ? response.body : undefined;
      },
      { what: `video ${id} to be ${state}` },
    );

  /** Bucket names the S3 peer saw a write to (PUT/POST), in order. */
  const bucketsWrittenSince = (from: number) => [
    ...new Set(
      peer.seen
        .slice(from)
        .filter(r => r.method === 'PUT' || r.method === 'POST')
        .map(r => r.url.split('/')[1]),
    ),
  ];

  /** The generator's part: it writes the outputs into the videos bucket. */
  async function generate(env: TestEnvironment, videoId: string) {
    const mp4 = Buffer.from(`an mp4 of ${env.name}`);
    const put = (key: string, body: Buffer | string) =>
      generatorS3.send(
        new PutObjectCommand({
          Bucket: env.videosBucket,
          Key: `videos/${videoId}/${key}`,
          Body: body,
          Metadata: GENERATOR_METADATA,
        }),
      );
    await put('video.mp4', mp4);
    const poster = fixtures.knightJpg();
    await put('poster.jpg', poster);
    await put(
      'result.json',
      JSON.stringify({
        durationSeconds: 4,
        sizeBytes: mp4.length,
        sha256: sha256(mp4),
      }),
    );
    return { mp4, poster };
  }

  /**
   * A presigned GET is no SDK call, but the browser makes it with the
   * backend's credentials: it is the backend's s3:GetObject.
   */
  function presignedGet(location: string): AwsCall {
    const url = new URL(location);
    const [, bucket, ...key] = url.pathname.split('/');
    const credential = url.searchParams.get('X-Amz-Credential') ?? '';
    return {
      service: 'S3',
      operation: 'GetObject',
      region: credential.split('/')[2],
      input: {
        Bucket: decodeURIComponent(bucket),
        Key: key.map(decodeURIComponent).join('/'),
      },
    };
  }

  /** The environment a call belongs to: the one its resources name. */
  function environmentOf(call: AwsCall): TestEnvironment {
    const text = JSON.stringify(call.input);
    const named = environments.filter(env => text.includes(prefixOf(env)));
    if (named.length > 1) {
      throw new Error(
        `${call.service} ${call.operation} names resources of several environments: ${text}`,
      );
    }
    // Describe calls name no resource of ours: their region tells.
    const [env] = named.length
      ? named
      : environments.filter(e => e.region === call.region);
    if (!env) {
      throw new Error(
        `${call.service} ${call.operation} in ${call.region} belongs to no environment`,
      );
    }
    return env;
  }

  it("keeps each environment's uploads, jobs and videos in its own buckets and queue, within its role's policy", async () => {
    await startBackend();
    recorder.clear();
    const presigned: AwsCall[] = [];
    const photoSha = sha256(fixtures.knightJpg());

    for (const env of environments) {
      const other = environments.find(e => e !== env)!;
      const outputs = awsEnvironmentOutputs(env);
      const seenBefore = peer.seen.length;
      const submittedBefore = batch.commandCalls(SubmitJobCommand).length;
      const script = `A knight in ${env.name}.`;

      const created = await upload(env.name, script);
      expect(created.status).toBe(202);
      const videoId: string = created.body.videoId;

      // The inputs are written to this environment's uploads bucket only.
      expect(bucketsWrittenSince(seenBefore)).toEqual([env.uploadsBucket]);
      expect(
        peer
          .requests('PUT', new RegExp(`^/${env.uploadsBucket}/uploads/`))
          .map(r => r.url.split('?')[0]),
      ).toEqual(
        expect.arrayContaining([
          `/${env.uploadsBucket}/uploads/photos/${photoSha}.jpg`,
          `/${env.uploadsBucket}/uploads/scripts/${sha256(script)}.txt`,
        ]),
      );
      expect(
        peer.seen.slice(seenBefore).filter(r => r.url.includes(other.name)),
      ).toEqual([]);

      // Submitted to this environment's queue and definition, in its
      // region, with URIs in its buckets.
      const submits = batch.commandCalls(SubmitJobCommand);
      expect(submits).toHaveLength(submittedBefore + 1);
      const submit = submits[submittedBefore];
      const input = submit.args[0].input;
      expect(input.jobQueue).toBe(outputs.job_queue_arn.value);
      expect(input.jobDefinition).toBe(outputs.job_definition_arn.value);
      expect(await (submit.thisValue as BatchClient).config.region()).toBe(
        env.region,
      );
      expect(
        input.eksPropertiesOverride?.podProperties?.containers?.[0].env,
      ).toEqual([
        {
          name: 'VIDEOGEN_PHOTO_URI',
          value: `s3://${env.uploadsBucket}/uploads/photos/${photoSha}.jpg`,
        },
        {
          name: 'VIDEOGEN_SCRIPT_URI',
          value: `s3://${env.uploadsBucket}/uploads/scripts/${sha256(
            script,
          )}.txt`,
        },
        {
          name: 'VIDEOGEN_OUTPUT_URI',
          value: `s3://${env.videosBucket}/videos/${videoId}/`,
        },
      ]);

      // The generator writes its outputs; Batch reports SUCCEEDED; the
      // backend reads the result from this environment's videos bucket.
      const { mp4, poster } = await generate(env, videoId);
      batchJobs.set(`batch-${submits.length}`, 'SUCCEEDED');
      const done = await videoState(videoId, 'SUCCEEDED');
      expect(done).toMatchObject({ environment: env.name, durationSeconds: 4 });

      // Played (and its poster shown) from this environment's videos bucket.
      for (const [route, file] of [
        ['content', 'video.mp4'],
        ['poster', 'poster.jpg'],
      ]) {
        const answer = await request(server)
          .get(`/api/videogen/videos/${videoId}/${route}`)
          .redirects(0);
        expect(answer.status).toBe(302);
        const location: string = answer.headers.location;
        expect(location).toContain(
          `${peer.endpoint}/${env.videosBucket}/videos/${videoId}/${file}?`,
        );
        expect(location).toContain(`%2F${env.region}%2Fs3%2F`);
        presigned.push(presignedGet(location));
        const fetched = Buffer.from(
          await (await fetch(location)).arrayBuffer(),
        );
        expect(fetched.equals(file === 'video.mp4' ? mp4 : poster)).toBe(true);
      }

      // Status: this environment's cluster and queue.
      const status = await request(server).get(
        `/api/videogen/environments/${env.name}/status`,
      );
      expect(status.body).toMatchObject({
        cluster: { data: { kind: 'eks', name: env.clusterName } },
        queue: { data: { name: env.jobQueue, state: 'ENABLED' } },
      });

      // Cancel: TerminateJob in this environment's region.
      const second = await upload(
        env.name,
        `A second knight in ${env.name}.`,
        'environment first',
      );
      expect(second.status).toBe(202);
      await videoState(second.body.videoId, 'RUNNABLE');
      const cancelled = await request(server).post(
        `/api/videogen/videos/${second.body.videoId}/cancel`,
      );
      expect(cancelled.body).toMatchObject({ state: 'FAILED' });
      const [terminate] = batch.commandCalls(TerminateJobCommand).slice(-1);
      expect(terminate.args[0].input.jobId).toBe(
        `batch-${batch.commandCalls(SubmitJobCommand).length}`,
      );
      expect(await (terminate.thisValue as BatchClient).config.region()).toBe(
        env.region,
      );
    }

    const recorded = await recorder.calls();
    const generatorCalls = recorded.filter(
      call => call.input.Metadata?.writer === GENERATOR_METADATA.writer,
    );
    const backendCalls = [
      ...recorded.filter(call => !generatorCalls.includes(call)),
      ...presigned,
    ];
    for (const env of environments) {
      const calls = backendCalls.filter(call => environmentOf(call) === env);
      // Its clients (S3 included) are in its region, never another's.
      expect(calls.filter(call => call.region !== env.region)).toEqual([]);
      // Everything the flow needs was exercised (and so is checked).
      expect(
        [...new Set(calls.map(c => `${c.service} ${c.operation}`))].sort(),
      ).toEqual(
        expect.arrayContaining([
          'Batch DescribeJobQueues',
          'Batch DescribeJobs',
          'Batch SubmitJob',
          'Batch TerminateJob',
          'EKS DescribeCluster',
          'EKS DescribeNodegroup',
          'EKS ListNodegroups',
          'S3 CopyObject',
          'S3 DeleteObject',
          'S3 GetObject',
          'S3 HeadObject',
        ]),
      );
      expect(
        calls.some(c =>
          ['PutObject', 'CreateMultipartUpload'].includes(c.operation),
        ),
      ).toBe(true);
      await expectCallsAllowed(webPrincipal(env), calls);
      await expectCallsAllowed(
        workerPrincipal(env),
        generatorCalls.filter(call => environmentOf(call) === env),
      );
    }
  });

  it('refuses (409) an upload to an environment whose outputs name no buckets, and writes nothing', async () => {
    await knex('videogen_environments').insert({
      name: 'contract-c',
      target: 'aws',
      region: 'eu-central-1',
      status: 'READY',
      created_by: 'test',
      outputs: '{}',
    });
    const seenBefore = peer.seen.length;
    const refused = await upload('contract-c', 'A knight nowhere.');
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe(
      'Environment "contract-c" has no storage buckets: its Terraform outputs lack uploads_bucket and videos_bucket (apply it first) and videogen.storage.s3.uploadsBucket/videosBucket are not configured.',
    );
    expect(peer.seen.slice(seenBefore)).toEqual([]);
    const [{ n }] = await knex('videogen_videos')
      .where({ environment: 'contract-c' })
      .count({ n: '*' });
    expect(Number(n)).toBe(0);
  });

  it('refuses a photo that is held for its environment as soon as it shows it is no photo', async () => {
    const seenBefore = peer.seen.length;
    const { body, contentType } = multipart(
      uploadParts({
        photo: svgPhoto,
        script: 'A drawing.',
        environment: a.name,
        photoName: 'x.jpg',
      }),
    );
    const refused = await request(server)
      .post('/api/videogen/videos')
      .set('Content-Type', contentType)
      .send(body);
    expect(refused.status).toBe(415);
    expect(peer.seen.slice(seenBefore)).toEqual([]);
  });
});
