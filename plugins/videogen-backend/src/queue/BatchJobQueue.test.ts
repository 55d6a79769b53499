import {
  BatchClient,
  ClientException,
  DescribeJobsCommand,
  JobDetail,
  SubmitJobCommand,
  TerminateJobCommand,
  UpdateJobQueueCommand,
} from '@aws-sdk/client-batch';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { mockClient } from 'aws-sdk-client-mock';
import { Knex } from 'knex';
import { EnvironmentStore } from '../environments/EnvironmentStore';
import { migrated, seedVideo, tempDir } from '../videos/__testUtils__/seed';
import { VideoRepository } from '../videos/VideoRepository';
import { LocalObjectStorage, storageKeys } from '../storage';
import {
  BatchJobQueue,
  BatchJobQueueOptions,
  batchFailureReason,
} from './BatchJobQueue';
import { drainQueue } from '../runs/drainQueue';
import {
  callsOfMock,
  expectCallsAllowed,
  testEnvironment,
  webPrincipal,
} from '@videogen/iam-contract';
import { JobStore } from './JobStore';
import { isThrottlingError, withThrottlingRetry } from './throttling';

jest.setTimeout(60_000);

/** Local files standing in for the S3 buckets, with s3:// URIs. */
class FakeS3Storage extends LocalObjectStorage {
  uri(key: string): string {
    return `s3://${
      key.startsWith('videos/') ? 'videos-test' : 'uploads-test'
    }/${key}`;
  }
}

function throttled(name = 'ThrottlingException') {
  return Object.assign(new Error('Rate exceeded'), {
    name,
    $metadata: { httpStatusCode: 400 },
  });
}

const JOB_QUEUE_ARN =
  'arn:aws:batch:eu-west-1:123456789012:job-queue/videogen-prod';
const JOB_DEFINITION_ARN =
  'arn:aws:batch:eu-west-1:123456789012:job-definition/videogen-prod:3';

describe('BatchJobQueue', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const batch = mockClient(BatchClient);

  beforeEach(() => batch.reset());

  async function setup(
    databaseId: Parameters<typeof databases.init>[0],
    overrides: Partial<BatchJobQueueOptions> = {},
    storageOptions: { kmsKeyId?: string } = {},
  ) {
    const knex: Knex = await migrated(await databases.init(databaseId));
    await knex('videogen_environments')
      .insert({
        name: 'prod',
        target: 'aws',
        region: 'eu-west-1',
        status: 'READY',
        created_by: 'test',
        outputs: JSON.stringify({
          job_queue_arn: {
            value: JOB_QUEUE_ARN,
            type: 'string',
            sensitive: false,
          },
          job_definition_arn: JOB_DEFINITION_ARN,
        }),
      })
      .onConflict('name')
      .ignore();
    const storage = new FakeS3Storage(tempDir());
    const jobs = new JobStore(knex);
    const videos = new VideoRepository(knex);
    const clients: string[] = [];
    const queue = new BatchJobQueue({
      jobs,
      videos,
      storageOf: async () => ({ storage, ...storageOptions }),
      environments: new EnvironmentStore(knex),
      logger: mockServices.logger.mock(),
      batchClient: region => {
        clients.push(region);
        return new BatchClient({ region });
      },
      defaults: {},
      platform: 'eks',
      pollIntervalMs: 60_000,
      retry: { sleep: async () => undefined },
      ...overrides,
    });
    const seed = (label?: string) =>
      seedVideo(knex, storage, { environment: 'prod', queue: 'batch', label });
    return { knex, storage, jobs, videos, queue, seed, clients };
  }

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it("submits a job to the environment's queue and definition with the inputs as EKS container env overrides", async () => {
      const { queue, jobs, seed, clients } = await setup(databaseId);
      batch
        .on(SubmitJobCommand)
        .resolves({ jobId: 'batch-1', jobName: 'x', jobArn: 'arn' });
      const { job, video } = await seed();

      await queue.submit(job);

      const [call] = batch.commandCalls(SubmitJobCommand);
      const input = call.args[0].input;
      expect(input).toMatchObject({
        jobName: `videogen-${video.id}`,
        jobQueue: JOB_QUEUE_ARN,
        jobDefinition: JOB_DEFINITION_ARN,
        retryStrategy: {
          attempts: 3,
          evaluateOnExit: [
            { onExitCode: '2', action: 'EXIT' },
            { onReason: '*', action: 'RETRY' },
          ],
        },
        tags: { 'videogen:environment': 'prod', 'videogen:video': video.id },
      });
      expect(
        input.eksPropertiesOverride?.podProperties?.containers?.[0].env,
      ).toEqual([
        {
          name: 'VIDEOGEN_PHOTO_URI',
          value: `s3://uploads-test/uploads/photos/${video.photoSha256}.jpg`,
        },
        {
          name: 'VIDEOGEN_SCRIPT_URI',
          value: `s3://uploads-test/uploads/scripts/${video.scriptSha256}.txt`,
        },
        {
          name: 'VIDEOGEN_OUTPUT_URI',
          value: `s3://videos-test/videos/${video.id}/`,
        },
      ]);
      expect(input.containerOverrides).toBeUndefined();
      expect(clients).toEqual(['eu-west-1']);
      expect(await jobs.get(job.id)).toMatchObject({
        state: 'SUBMITTED',
        externalId: 'batch-1',
      });
    });

    it('maps Batch states 1:1, polling DescribeJobs with at most 100 job IDs per call', async () => {
      const { knex, queue, jobs, seed } = await setup(databaseId);
      const seeded = [];
      for (let i = 0; i < 230; i++) {
        const { job } = await seed(`job-${i}`);
        seeded.push(job);
      }
      // Mark them as submitted to Batch.
      for (const [i, job] of seeded.entries()) {
        await knex('videogen_jobs')
          .where({ id: job.id })
          .update({ external_id: `b-${i}` });
      }
      const states = [
        'SUBMITTED',
        'PENDING',
        'RUNNABLE',
        'STARTING',
        'RUNNING',
      ] as const;
      batch
        .on(DescribeJobsCommand)
        .callsFake(({ jobs: ids }: { jobs: string[] }) => ({
          jobs: ids.map(
            (jobId): JobDetail => ({
              jobId,
              jobName: jobId,
              jobQueue: JOB_QUEUE_ARN,
              jobDefinition: JOB_DEFINITION_ARN,
              status: states[Number(jobId.slice(2)) % states.length],
              startedAt:
                Number(jobId.slice(2)) % 5 === 4
                  ? 1_800_000_000_000
                  : undefined,
            }),
          ),
        }));

      await queue.poll();

      const calls = batch.commandCalls(DescribeJobsCommand);
      expect(calls.map(call => call.args[0].input.jobs!.length)).toEqual([
        100, 100, 30,
      ]);
      for (const [i, job] of seeded.entries()) {
        expect((await jobs.get(job.id))!.state).toBe(states[i % states.length]);
      }
      const running = (await jobs.get(seeded[4].id))!;
      expect(running.startedAt?.getTime()).toBe(1_800_000_000_000);
    });

    it("records the generator's result when Batch reports SUCCEEDED, and fails the job when outputs are missing", async () => {
      const { storage, queue, jobs, videos, knex, seed } = await setup(
        databaseId,
      );
      const good = await seed();
      const bad = await seed();
      await knex('videogen_jobs')
        .where({ id: good.job.id })
        .update({ external_id: 'b-good' });
      await knex('videogen_jobs')
        .where({ id: bad.job.id })
        .update({ external_id: 'b-bad' });
      const mp4 = Buffer.alloc(2048, 7);
      await storage.put(storageKeys.video(good.video.id), mp4);
      await storage.put(
        storageKeys.result(good.video.id),
        JSON.stringify({
          generatorVersion: '1.0.0',
          durationSeconds: 31.5,
          sizeBytes: 2048,
          sha256: 'f'.repeat(64),
          width: 1280,
          height: 720,
          posterSizeBytes: 10,
        }),
      );
      batch.on(DescribeJobsCommand).resolves({
        jobs: ['b-good', 'b-bad'].map(jobId => ({
          jobId,
          jobName: jobId,
          jobQueue: JOB_QUEUE_ARN,
          jobDefinition: JOB_DEFINITION_ARN,
          status: 'SUCCEEDED',
          startedAt: 1_800_000_000_000,
          stoppedAt: 1_800_000_060_000,
          attempts: [{}],
        })),
      });

      await queue.poll();

      expect(await jobs.get(good.job.id)).toMatchObject({
        state: 'SUCCEEDED',
        attempts: 1,
      });
      expect(await videos.get(good.video.id)).toMatchObject({
        state: 'SUCCEEDED',
        durationSeconds: 31.5,
        sizeBytes: 2048,
      });
      expect(await jobs.get(bad.job.id)).toMatchObject({
        state: 'FAILED',
        failureReason: 'The generator finished without writing result.json.',
      });
    });

    it("fails a job with Batch's reason, and one Batch no longer knows", async () => {
      const { queue, jobs, knex, seed } = await setup(databaseId);
      const failed = await seed();
      const gone = await seed();
      await knex('videogen_jobs')
        .where({ id: failed.job.id })
        .update({ external_id: 'b-failed' });
      await knex('videogen_jobs')
        .where({ id: gone.job.id })
        .update({ external_id: 'b-gone' });
      batch.on(DescribeJobsCommand).resolves({
        jobs: [
          {
            jobId: 'b-failed',
            startedAt: undefined,
            jobName: 'x',
            jobQueue: JOB_QUEUE_ARN,
            jobDefinition: JOB_DEFINITION_ARN,
            status: 'FAILED',
            statusReason: 'Essential container in task exited',
            eksAttempts: [
              { containers: [{ exitCode: 1 }] },
              {
                containers: [
                  {
                    exitCode: 1,
                    reason:
                      'videogen-worker: ffmpeg failed while encoding scene 2',
                  },
                ],
              },
            ],
          },
        ],
      });

      await queue.poll();

      expect(await jobs.get(failed.job.id)).toMatchObject({
        state: 'FAILED',
        attempts: 2,
        failureReason: 'ffmpeg failed while encoding scene 2 (exit code 1)',
      });
      expect((await jobs.get(gone.job.id))!.failureReason).toMatch(
        /AWS Batch no longer knows job b-gone/,
      );
    });

    it('retries throttled DescribeJobs calls with backoff and never fails a job for it', async () => {
      const { queue, jobs, knex, seed } = await setup(databaseId);
      const { job } = await seed();
      await knex('videogen_jobs')
        .where({ id: job.id })
        .update({ external_id: 'b-1' });
      batch
        .on(DescribeJobsCommand)
        .rejectsOnce(throttled('TooManyRequestsException'))
        .rejectsOnce(throttled('ThrottlingException'))
        .resolves({
          jobs: [
            {
              jobId: 'b-1',
              startedAt: undefined,
              jobName: 'x',
              jobQueue: JOB_QUEUE_ARN,
              jobDefinition: JOB_DEFINITION_ARN,
              status: 'RUNNING',
            },
          ],
        });

      await queue.poll();

      expect(batch.commandCalls(DescribeJobsCommand)).toHaveLength(3);
      expect((await jobs.get(job.id))!.state).toBe('RUNNING');

      // Throttled beyond the retries: the job keeps its state.
      batch.reset();
      batch.on(DescribeJobsCommand).rejects(throttled());
      await queue.poll();
      expect(batch.commandCalls(DescribeJobsCommand)).toHaveLength(6);
      expect((await jobs.get(job.id))!.state).toBe('RUNNING');
    });

    it('keeps a job SUBMITTED when SubmitJob stays throttled, and submits it on a later round', async () => {
      const { queue, jobs, knex, seed } = await setup(databaseId);
      const { job } = await seed();
      batch.on(SubmitJobCommand).rejects(throttled());

      await queue.submit(job);
      expect(await jobs.get(job.id)).toMatchObject({
        state: 'SUBMITTED',
        externalId: undefined,
      });

      batch.reset();
      batch
        .on(SubmitJobCommand)
        .resolves({ jobId: 'b-later', jobName: 'x', jobArn: 'arn' });
      batch.on(DescribeJobsCommand).resolves({ jobs: [] });
      await knex('videogen_jobs')
        .where({ id: job.id })
        .update({ updated_at: new Date(Date.now() - 5 * 60_000) });
      await queue.tick();
      expect((await jobs.get(job.id))!.externalId).toBe('b-later');
    });

    it('fails a job AWS Batch refuses, with its message', async () => {
      const { queue, jobs, seed } = await setup(databaseId);
      const { job } = await seed();
      batch.on(SubmitJobCommand).rejects(
        new ClientException({
          message: 'Job queue videogen-prod is DISABLED',
          $metadata: {},
        }),
      );
      await queue.submit(job);
      expect(await jobs.get(job.id)).toMatchObject({
        state: 'FAILED',
        failureReason:
          'AWS Batch refused the job: Job queue videogen-prod is DISABLED',
      });
    });

    it('cancels with TerminateJob and fails the job with the reason', async () => {
      const { queue, jobs, knex, seed } = await setup(databaseId);
      const { job } = await seed();
      await knex('videogen_jobs')
        .where({ id: job.id })
        .update({ external_id: 'b-run', state: 'RUNNING' });
      batch.on(TerminateJobCommand).rejectsOnce(throttled()).resolves({});

      expect(
        await queue.cancel(job.id, 'Cancelled by user:default/alice'),
      ).toBe(true);

      expect(
        batch.commandCalls(TerminateJobCommand).map(c => c.args[0].input),
      ).toEqual([
        { jobId: 'b-run', reason: 'Cancelled by user:default/alice' },
        { jobId: 'b-run', reason: 'Cancelled by user:default/alice' },
      ]);
      expect(await jobs.get(job.id)).toMatchObject({
        state: 'FAILED',
        failureReason: 'Cancelled by user:default/alice',
      });
      expect(await queue.cancel(job.id, 'again')).toBe(false);
    });

    it('drains: disables and enables the job queue, counts and terminates active jobs', async () => {
      const { queue, jobs, knex, seed } = await setup(databaseId);
      const { job } = await seed();
      await knex('videogen_jobs')
        .where({ id: job.id })
        .update({ external_id: 'b-active', state: 'STARTING' });
      batch.on(UpdateJobQueueCommand).resolves({});
      batch.on(TerminateJobCommand).resolves({});
      batch.on(DescribeJobsCommand).resolves({
        jobs: [
          {
            jobId: 'b-active',
            startedAt: undefined,
            jobName: 'x',
            jobQueue: JOB_QUEUE_ARN,
            jobDefinition: JOB_DEFINITION_ARN,
            status: 'RUNNING',
          },
        ],
      });

      await queue.drain.disable('prod');
      expect(
        batch.commandCalls(UpdateJobQueueCommand)[0].args[0].input,
      ).toEqual({
        jobQueue: JOB_QUEUE_ARN,
        state: 'DISABLED',
      });
      expect(await jobs.isDisabled('prod')).toBe(true);

      expect(await queue.drain.activeJobs('prod')).toBe(1);
      expect((await jobs.get(job.id))!.state).toBe('RUNNING');

      await queue.drain.terminateActive(
        'prod',
        'Environment prod is being destroyed',
      );
      expect(batch.commandCalls(TerminateJobCommand)[0].args[0].input).toEqual({
        jobId: 'b-active',
        startedAt: undefined,
        reason: 'Environment prod is being destroyed',
      });
      expect(await queue.drain.activeJobs('prod')).toBe(0);

      await queue.drain.enable('prod');
      expect(
        batch.commandCalls(UpdateJobQueueCommand)[1].args[0].input,
      ).toEqual({
        jobQueue: JOB_QUEUE_ARN,
        state: 'ENABLED',
      });
      expect(await jobs.isDisabled('prod')).toBe(false);

      // The backend's role may do all of this to its environment's queue.
      await expectCallsAllowed(
        webPrincipal(
          testEnvironment({
            name: 'prod',
            accountId: '123456789012',
            region: 'eu-west-1',
            jobQueue: 'videogen-prod',
            jobDefinition: 'videogen-prod',
          }),
        ),
        await callsOfMock(batch),
      );
    });
  });

  describe('drain touches only the queue of the environment being destroyed', () => {
    // Configured for environments without outputs; other environments share it.
    const SHARED_DEFAULTS = {
      region: 'us-east-2',
      jobQueue: 'videogen-shared-default',
      jobDefinition: 'videogen-default:1',
    };

    async function addEnvironment(
      knex: Knex,
      name: string,
      status: string,
      outputs: Record<string, unknown>,
    ) {
      await knex('videogen_environments').insert({
        name,
        target: 'aws',
        region: 'eu-central-1',
        status,
        created_by: 'test',
        outputs: JSON.stringify(outputs),
      });
    }

    /** Drains like a destroy does, collecting its run-log lines. */
    async function drainLikeADestroy(
      queue: BatchJobQueue,
      environment: string,
    ) {
      const said: string[] = [];
      const problem = await drainQueue({
        drain: queue.drain,
        environment,
        reason: `Environment ${environment} is being destroyed`,
        timeoutSeconds: 0,
        terminate: false,
        pollMs: 10,
        terminateWaitMs: 10,
        say: line => said.push(line),
        checkCancelled: () => undefined,
        setWake: () => undefined,
      });
      return { problem, said };
    }

    it.each([
      ['NEW', 'with the configured default queue', SHARED_DEFAULTS],
      ['FAILED', 'without any configured default', {}],
    ])(
      'drains a %s environment without outputs %s: no UpdateJobQueue call, nothing left disabled',
      async (status, _defaults, defaults) => {
        const { knex, queue, jobs } = await setup('SQLITE_3', { defaults });
        await addEnvironment(knex, 'fresh', status, {});
        batch.on(DescribeJobsCommand).resolves({ jobs: [] });

        const { problem, said } = await drainLikeADestroy(queue, 'fresh');

        expect(problem).toBeUndefined();
        expect(said).toEqual([
          'Disabling the job queue of fresh.',
          'Environment fresh has no AWS Batch job queue of its own (no job_queue_arn or job_queue_name output), so no queue was disabled; only its own jobs are waited for.',
          'No jobs are running; the queue is drained.',
        ]);
        expect(batch.commandCalls(UpdateJobQueueCommand)).toHaveLength(0);
        // New jobs of the environment are refused while it is destroyed.
        expect(await jobs.isDisabled('fresh')).toBe(true);

        // A destroy that does not go ahead enables it again, still without
        // touching AWS Batch.
        await queue.drain.enable('fresh');
        expect(await jobs.isDisabled('fresh')).toBe(false);
        expect(batch.commandCalls(UpdateJobQueueCommand)).toHaveLength(0);
        expect(await jobs.isDisabled('prod')).toBe(false);
      },
    );

    it("disables exactly the environment's own queue by name, in its region, never the configured default", async () => {
      const regions: string[] = [];
      const { knex, queue } = await setup('SQLITE_3', {
        defaults: SHARED_DEFAULTS,
        batchClient: region => {
          regions.push(region);
          return new BatchClient({ region });
        },
      });
      await addEnvironment(knex, 'named', 'READY', {
        job_queue_name: { value: 'videogen-named', type: 'string' },
        job_definition_arn: JOB_DEFINITION_ARN,
      });
      batch.on(UpdateJobQueueCommand).resolves({});
      batch.on(DescribeJobsCommand).resolves({ jobs: [] });

      const { problem, said } = await drainLikeADestroy(queue, 'named');

      expect(problem).toBeUndefined();
      expect(said).toContain(
        'Disabled the AWS Batch job queue videogen-named in eu-central-1.',
      );
      expect(
        batch.commandCalls(UpdateJobQueueCommand).map(c => c.args[0].input),
      ).toEqual([{ jobQueue: 'videogen-named', state: 'DISABLED' }]);
      expect(regions).toEqual(['eu-central-1']);
    });

    it('clears the local disabled flag even when enabling the Batch queue fails', async () => {
      const { queue, jobs } = await setup('SQLITE_3');
      batch
        .on(UpdateJobQueueCommand, { state: 'DISABLED' })
        .resolves({})
        .on(UpdateJobQueueCommand, { state: 'ENABLED' })
        .rejects(
          new ClientException({
            message: 'User is not authorized to perform batch:UpdateJobQueue',
            $metadata: {},
          }),
        );
      await queue.drain.disable('prod');
      expect(await jobs.isDisabled('prod')).toBe(true);

      await expect(queue.drain.enable('prod')).rejects.toThrow(
        'not authorized to perform batch:UpdateJobQueue',
      );
      expect(await jobs.isDisabled('prod')).toBe(false);
      expect(
        batch.commandCalls(UpdateJobQueueCommand).map(c => c.args[0].input),
      ).toEqual([
        { jobQueue: JOB_QUEUE_ARN, state: 'DISABLED' },
        { jobQueue: JOB_QUEUE_ARN, state: 'ENABLED' },
      ]);
    });
  });

  it('uses container overrides for ECS job definitions and the configured queue for environments without outputs', async () => {
    const { queue, knex, seed } = await setup(
      'SQLITE_3',
      {
        platform: 'ecs',
        defaults: {
          region: 'us-east-2',
          jobQueue: 'cfg-queue',
          jobDefinition: 'cfg-def:1',
        },
      },
      { kmsKeyId: 'alias/videos' },
    );
    await knex('videogen_environments')
      .where({ name: 'prod' })
      .update({ outputs: '{}' });
    batch
      .on(SubmitJobCommand)
      .resolves({ jobId: 'b-ecs', jobName: 'x', jobArn: 'arn' });
    const { job } = await seed();
    await queue.submit(job);
    const input = batch.commandCalls(SubmitJobCommand)[0].args[0].input;
    expect(input.jobQueue).toBe('cfg-queue');
    expect(input.jobDefinition).toBe('cfg-def:1');
    expect(input.eksPropertiesOverride).toBeUndefined();
    expect(input.containerOverrides?.environment).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'VIDEOGEN_PHOTO_URI' }),
        { name: 'VIDEOGEN_S3_KMS_KEY_ID', value: 'alias/videos' },
      ]),
    );
  });

  it('fails a job at once when its environment has no Batch queue', async () => {
    const { queue, jobs, knex, seed } = await setup('SQLITE_3');
    await knex('videogen_environments')
      .where({ name: 'prod' })
      .update({ outputs: '{}' });
    const { job } = await seed();
    await queue.submit(job);
    expect((await jobs.get(job.id))!.failureReason).toMatch(
      /Environment "prod" has no AWS Batch job queue/,
    );
    expect(batch.commandCalls(SubmitJobCommand)).toHaveLength(0);
  });
});

describe('batchFailureReason', () => {
  it('falls back to the status reason', () => {
    expect(
      batchFailureReason({
        jobId: 'x',
        startedAt: undefined,
        jobName: 'x',
        jobQueue: 'q',
        jobDefinition: 'd',
        status: 'FAILED',
        statusReason: 'Job attempt duration exceeded timeout',
      }),
    ).toBe('Job attempt duration exceeded timeout');
  });
});

describe('withThrottlingRetry', () => {
  it('retries throttling errors with growing delays and rethrows anything else at once', async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = await withThrottlingRetry(
      async () => {
        calls++;
        if (calls < 4) {
          throw throttled();
        }
        return 'ok';
      },
      { sleep: async ms => void delays.push(ms), baseDelayMs: 100 },
    );
    expect(result).toBe('ok');
    expect(delays).toHaveLength(3);
    expect(delays[0]).toBeGreaterThanOrEqual(50);
    expect(delays[0]).toBeLessThanOrEqual(100);
    expect(delays[2]).toBeGreaterThanOrEqual(200);
    expect(delays[2]).toBeLessThanOrEqual(400);

    await expect(
      withThrottlingRetry(async () => {
        throw new Error('AccessDenied');
      }),
    ).rejects.toThrow('AccessDenied');
  });

  it('recognises throttling by name and by HTTP 429', () => {
    expect(isThrottlingError(throttled('TooManyRequestsException'))).toBe(true);
    expect(
      isThrottlingError({ name: 'X', $metadata: { httpStatusCode: 429 } }),
    ).toBe(true);
    expect(isThrottlingError(new Error('nope'))).toBe(false);
  });
});
