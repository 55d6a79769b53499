/*
 * The AWS side of an aws-mode environment's status, for the benchmarks that
 * read it (bench/pipeline/status.bench.ts, bench/push): EKS, Batch and
 * CloudFormation answered by aws-sdk-client-mock after a delay. Used in the
 * backend's process (the config is in awsStatus.ts).
 */
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
import { mockClient } from 'aws-sdk-client-mock';

/**
 * Mocks the SDK clients the status endpoint calls (every client of the
 * process); each command answers after `delayMs`. Returns the mocks, whose
 * calls the caller counts.
 */
export function mockStatusSources(delayMs: number) {
  const later = <T>(value: T) =>
    new Promise<T>(resolve => setTimeout(() => resolve(value), delayMs));
  const eks = mockClient(EKSClient);
  const batch = mockClient(BatchClient);
  const cfn = mockClient(CloudFormationClient);
  eks.on(DescribeClusterCommand).callsFake(() =>
    later({
      cluster: { name: 'videogen-bench', status: 'ACTIVE', version: '1.31' },
    }),
  );
  eks
    .on(ListNodegroupsCommand)
    .callsFake(() => later({ nodegroups: ['workers'] }));
  eks.on(DescribeNodegroupCommand).callsFake(() =>
    later({
      nodegroup: {
        status: 'ACTIVE',
        scalingConfig: { minSize: 0, maxSize: 4, desiredSize: 2 },
        instanceTypes: ['c6i.xlarge'],
      },
    }),
  );
  batch.on(DescribeJobQueuesCommand).callsFake(() =>
    later({
      jobQueues: [
        {
          jobQueueName: 'videogen-bench',
          jobQueueArn: 'arn:q',
          state: 'ENABLED',
          status: 'VALID',
          priority: 1,
          computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'arn:ce' }],
        },
      ],
    }),
  );
  batch.on(DescribeComputeEnvironmentsCommand).callsFake(() =>
    later({
      computeEnvironments: [
        {
          computeEnvironmentName: 'ce',
          computeEnvironmentArn: 'arn:ce',
          state: 'ENABLED',
          status: 'VALID',
        },
      ],
    }),
  );
  cfn.on(DescribeStacksCommand).callsFake(() =>
    later({
      Stacks: [
        {
          StackName: 'state',
          StackStatus: 'CREATE_COMPLETE',
          CreationTime: new Date(),
        },
      ],
    }),
  );
  return { eks, batch, cfn };
}
