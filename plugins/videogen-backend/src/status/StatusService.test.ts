import {
  BatchClient,
  DescribeComputeEnvironmentsCommand,
  DescribeJobQueuesCommand,
} from '@aws-sdk/client-batch';
import {
  CloudFormationClient,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import {
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  EKSClient,
  ListNodegroupsCommand,
} from '@aws-sdk/client-eks';
import { TestDatabases } from '@backstage/backend-test-utils';
import { mockClient } from 'aws-sdk-client-mock';
import { EnvironmentStore } from '../environments/EnvironmentStore';
import {
  localStorage,
  migrated,
  seedVideo,
} from '../videos/__testUtils__/seed';
import { AwsClients } from '../aws/clients';
import { VideoRepository } from '../videos/VideoRepository';
import { JobStore } from '../queue/JobStore';
import { StatusService, StatusServiceOptions } from './StatusService';

jest.setTimeout(60_000);

const eks = mockClient(EKSClient);
const batch = mockClient(BatchClient);
const cloudFormation = mockClient(CloudFormationClient);

const awsClients: AwsClients = {
  s3: () => {
    throw new Error('not used');
  },
  batch: region => new BatchClient({ region }),
  eks: region => new EKSClient({ region }),
  cloudFormation: region => new CloudFormationClient({ region }),
};

const later = <T>(ms: number, value: T) =>
  new Promise<T>(resolve => setTimeout(() => resolve(value), ms));

function mockHealthyAws(delayMs = 0) {
  eks.on(DescribeClusterCommand).callsFake(() =>
    later(delayMs, {
      cluster: {
        name: 'videogen-prod',
        status: 'ACTIVE',
        version: '1.31',
        resourcesVpcConfig: {
          endpointPublicAccess: false,
          endpointPrivateAccess: true,
        },
      },
    }),
  );
  eks
    .on(ListNodegroupsCommand)
    .callsFake(() =>
      later(delayMs, { nodegroups: ['workers-a', 'workers-b'] }),
    );
  eks.on(DescribeNodegroupCommand).callsFake(({ nodegroupName }) =>
    later(delayMs, {
      nodegroup: {
        nodegroupName,
        status: 'ACTIVE',
        scalingConfig: { minSize: 0, maxSize: 4, desiredSize: 2 },
        instanceTypes: ['c6i.xlarge'],
      },
    }),
  );
  batch.on(DescribeJobQueuesCommand).callsFake(() =>
    later(delayMs, {
      jobQueues: [
        {
          jobQueueName: 'videogen-prod',
          jobQueueArn: 'arn:queue',
          state: 'ENABLED',
          status: 'VALID',
          priority: 1,
          computeEnvironmentOrder: [
            { order: 1, computeEnvironment: 'arn:ce/eks-spot' },
          ],
        },
      ],
    }),
  );
  batch.on(DescribeComputeEnvironmentsCommand).callsFake(() =>
    later(delayMs, {
      computeEnvironments: [
        {
          computeEnvironmentName: 'eks-spot',
          computeEnvironmentArn: 'arn:ce/eks-spot',
          state: 'ENABLED',
          status: 'VALID',
        },
      ],
    }),
  );
  cloudFormation.on(DescribeStacksCommand).callsFake(() =>
    later(delayMs, {
      Stacks: [
        {
          StackName: 'videogen-tf-state',
          StackStatus: 'CREATE_COMPLETE',
          CreationTime: new Date(),
          Outputs: [
            { OutputKey: 'StateBucketName', OutputValue: 'tf-state-123' },
          ],
        },
      ],
    }),
  );
}

const sdkCalls = () => ({
  describeCluster: eks.commandCalls(DescribeClusterCommand).length,
  listNodegroups: eks.commandCalls(ListNodegroupsCommand).length,
  describeNodegroup: eks.commandCalls(DescribeNodegroupCommand).length,
  describeJobQueues: batch.commandCalls(DescribeJobQueuesCommand).length,
  describeComputeEnvironments: batch.commandCalls(
    DescribeComputeEnvironmentsCommand,
  ).length,
  describeStacks: cloudFormation.commandCalls(DescribeStacksCommand).length,
});

describe('StatusService', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  beforeEach(() => {
    eks.reset();
    batch.reset();
    cloudFormation.reset();
  });

  async function setup(
    databaseId: Parameters<typeof databases.init>[0],
    overrides: Partial<StatusServiceOptions> = {},
  ) {
    const knex = await migrated(await databases.init(databaseId));
    await knex('videogen_environments')
      .insert({
        name: 'prod',
        target: 'aws',
        region: 'eu-west-1',
        status: 'READY',
        created_by: 'test',
        outputs: JSON.stringify({ eks_cluster_name: 'videogen-prod' }),
      })
      .onConflict('name')
      .ignore();
    const storage = localStorage();
    const jobs = new JobStore(knex);
    const videos = new VideoRepository(knex);
    const status = new StatusService({
      environments: new EnvironmentStore(knex),
      jobs,
      videos,
      mode: 'aws',
      batchTarget: async () => ({
        region: 'eu-west-1',
        jobQueue: 'videogen-prod',
        jobDefinition: 'def',
      }),
      aws: awsClients,
      cacheTtlMs: 10_000,
      stateStackName: 'videogen-tf-state',
      ...overrides,
    });
    return { knex, storage, jobs, videos, status };
  }

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('answers an aws environment with EKS, Batch, CloudFormation and database sections', async () => {
      const { knex, storage, jobs, status } = await setup(databaseId);
      mockHealthyAws();
      const a = await seedVideo(knex, storage, {
        environment: 'prod',
        queue: 'batch',
      });
      await seedVideo(knex, storage, { environment: 'prod', queue: 'batch' });
      await jobs.transition(a.job.id, ['SUBMITTED'], 'RUNNING');
      await knex('videogen_videos')
        .where({ id: a.video.id })
        .update({ dedupe_hits: 3 });

      const response = await status.status('prod');

      expect(response).toMatchObject({
        environment: 'prod',
        target: 'aws',
        cluster: {
          data: {
            kind: 'eks',
            name: 'videogen-prod',
            status: 'ACTIVE',
            kubernetesVersion: '1.31',
            endpointPublicAccess: false,
            endpointPrivateAccess: true,
            nodeGroups: [
              {
                name: 'workers-a',
                status: 'ACTIVE',
                desiredSize: 2,
                minSize: 0,
                maxSize: 4,
                instanceTypes: ['c6i.xlarge'],
              },
              {
                name: 'workers-b',
                status: 'ACTIVE',
                desiredSize: 2,
                minSize: 0,
                maxSize: 4,
                instanceTypes: ['c6i.xlarge'],
              },
            ],
          },
        },
        queue: {
          data: {
            name: 'videogen-prod',
            state: 'ENABLED',
            status: 'VALID',
            computeEnvironments: [
              { name: 'eks-spot', state: 'ENABLED', status: 'VALID' },
            ],
            counts: { SUBMITTED: 1, RUNNING: 1, SUCCEEDED: 0 },
          },
        },
        videos: {
          data: {
            total: 2,
            byState: { SUBMITTED: 1, RUNNING: 1 },
            dedupeHits: 3,
          },
        },
        stateStack: {
          data: {
            name: 'videogen-tf-state',
            status: 'CREATE_COMPLETE',
            bucket: 'tf-state-123',
          },
        },
      });
      expect(response.queue.data!.recentJobs).toHaveLength(2);
      expect(response.cluster.error).toBeUndefined();
      expect(Date.parse(response.cluster.updatedAt)).not.toBeNaN();
    });

    it('reads jobs and videos again after a job change it was told of', async () => {
      // The clock stands still: every cached read stays fresh.
      const { knex, storage, jobs, status } = await setup(databaseId, {
        now: () => 1_000_000,
      });
      mockHealthyAws();
      const seeded = await seedVideo(knex, storage, {
        environment: 'prod',
        queue: 'batch',
      });
      const counts = async () => (await status.status('prod')).queue.data!;
      expect((await counts()).counts).toMatchObject({ SUBMITTED: 1 });

      await jobs.transition(seeded.job.id, ['SUBMITTED'], 'RUNNING');
      // Not told: the cached read still answers.
      expect((await counts()).counts).toMatchObject({ SUBMITTED: 1 });

      status.jobChanged('prod');
      expect((await counts()).counts).toMatchObject({
        SUBMITTED: 0,
        RUNNING: 1,
      });
      expect((await status.status('prod')).videos.data).toMatchObject({
        byState: { RUNNING: 1 },
      });
    });

    it('degrades only the failing source: EKS down still shows the queue and the videos', async () => {
      const { status } = await setup(databaseId);
      mockHealthyAws();
      eks.on(DescribeClusterCommand).rejects(
        Object.assign(
          new Error('User is not authorized to perform eks:DescribeCluster'),
          {
            name: 'AccessDeniedException',
          },
        ),
      );

      const response = await status.status('prod');

      expect(response.cluster).toEqual({
        error:
          'EKS is unavailable: AccessDeniedException: User is not authorized to perform eks:DescribeCluster',
        updatedAt: expect.any(String),
      });
      expect(response.queue.data?.state).toBe('ENABLED');
      expect(response.queue.error).toBeUndefined();
      expect(response.videos.data?.total).toBe(0);
      expect(response.stateStack?.data?.status).toBe('CREATE_COMPLETE');
    });

    it('keeps the job counts when AWS Batch fails, with the error on the queue section', async () => {
      const { knex, storage, status } = await setup(databaseId);
      mockHealthyAws();
      batch
        .on(DescribeJobQueuesCommand)
        .rejects(new Error('connect ETIMEDOUT'));
      await seedVideo(knex, storage, { environment: 'prod', queue: 'batch' });

      const response = await status.status('prod');

      expect(response.queue.error).toBe(
        'AWS Batch is unavailable: connect ETIMEDOUT',
      );
      expect(response.queue.data).toMatchObject({
        state: 'UNKNOWN',
        counts: { SUBMITTED: 1 },
      });
      expect(response.cluster.data?.status).toBe('ACTIVE');
    });
  });

  it('caches each AWS source for the TTL and shares one in-flight call between concurrent requests', async () => {
    // The clock is held by the test, so that a slow machine cannot move a
    // request across the TTL boundary; the SDK latency stays real, so the
    // 200 concurrent requests really do overlap the loads they share.
    let clock = 1_000_000;
    const { status } = await setup('SQLITE_3', {
      cacheTtlMs: 300,
      now: () => clock,
    });
    mockHealthyAws(100);

    const answers = await Promise.all(
      Array.from({ length: 200 }, () => status.status('prod')),
    );

    expect(new Set(answers.map(a => a.cluster.data?.status))).toEqual(
      new Set(['ACTIVE']),
    );
    expect(sdkCalls()).toEqual({
      describeCluster: 1,
      listNodegroups: 1,
      describeNodegroup: 2,
      describeJobQueues: 1,
      describeComputeEnvironments: 1,
      describeStacks: 1,
    });

    // Within the TTL: from the cache.
    clock += 299;
    await status.status('prod');
    expect(sdkCalls().describeCluster).toBe(1);

    // After it: one more call per source, shared by concurrent requests.
    clock += 2;
    await Promise.all([status.status('prod'), status.status('prod')]);
    expect(sdkCalls()).toMatchObject({
      describeCluster: 2,
      describeJobQueues: 2,
      describeStacks: 2,
    });
  });

  it('caches a failure too, so a failing API is not hammered', async () => {
    const { status } = await setup('SQLITE_3');
    mockHealthyAws();
    eks.on(DescribeClusterCommand).rejects(new Error('boom'));
    await status.status('prod');
    await status.status('prod');
    expect(sdkCalls().describeCluster).toBe(1);
  });

  it('says which cluster is missing when the environment has no EKS output or config', async () => {
    const { knex, status } = await setup('SQLITE_3', {
      stateStackName: undefined,
    });
    mockHealthyAws();
    await knex('videogen_environments')
      .where({ name: 'prod' })
      .update({ outputs: '{}' });
    const response = await status.status('prod');
    expect(response.cluster.error).toMatch(/No EKS cluster is known/);
    expect(response.stateStack).toBeUndefined();
    expect(sdkCalls().describeCluster).toBe(0);
  });

  it('answers the local pool and local queue in local mode, and 404 for an unknown environment', async () => {
    const { status } = await setup('SQLITE_3', {
      mode: 'local',
      pool: () => ({ slots: 3, busy: 1, host: 'build-host' }),
    });
    const response = await status.status('local');
    expect(response).toMatchObject({
      environment: 'local',
      target: 'local',
      cluster: {
        data: {
          kind: 'local-pool',
          slots: 3,
          busy: 1,
          host: 'build-host',
          status: 'ACTIVE',
        },
      },
      queue: { data: { name: 'local', state: 'ENABLED' } },
    });
    expect(response.stateStack).toBeUndefined();
    expect(sdkCalls().describeCluster).toBe(0);
    await expect(status.status('nope')).rejects.toThrow(
      'There is no environment named "nope".',
    );
  });
});
