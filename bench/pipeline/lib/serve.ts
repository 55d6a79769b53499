/*
 * A Backstage backend with the real videogen plugin, in its own process so
 * that a benchmark can measure it from outside (RSS from /proc/<pid>/status,
 * latency over HTTP). Started by the benchmarks, not by hand:
 *
 *   node --require ./node_modules/@backstage/cli/config/nodeTransform.cjs \
 *     bench/pipeline/lib/serve.ts '<config JSON>' [--mock-aws <delay ms>] [--no-cache]
 *
 * Prints "READY <port>" when it listens. Auth and permissions are Backstage's
 * test mocks (every request is user:default/mock, every permission allowed),
 * so the numbers are about the pipeline, not the identity provider.
 *
 * --mock-aws <ms>  EKS, Batch and CloudFormation answer through
 *                  aws-sdk-client-mock after <ms> milliseconds; on SIGTERM the
 *                  number of SDK calls per command is printed as
 *                  "COUNTS <json>".
 * --no-cache       baseline: the status sources are neither cached nor
 *                  single-flighted (every request calls every source).
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
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { mockClient } from 'aws-sdk-client-mock';
import { AddressInfo } from 'node:net';
import videogenPlugin from '../../../plugins/videogen-backend/src';
import { TtlCache } from '../../../plugins/videogen-backend/src/status/TtlCache';

const [configJson, ...flags] = process.argv.slice(2);
const flag = (name: string) => flags.indexOf(name);

function mockAws(delayMs: number) {
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
  return () => ({
    DescribeCluster: eks.commandCalls(DescribeClusterCommand).length,
    ListNodegroups: eks.commandCalls(ListNodegroupsCommand).length,
    DescribeNodegroup: eks.commandCalls(DescribeNodegroupCommand).length,
    DescribeJobQueues: batch.commandCalls(DescribeJobQueuesCommand).length,
    DescribeComputeEnvironments: batch.commandCalls(
      DescribeComputeEnvironmentsCommand,
    ).length,
    DescribeStacks: cfn.commandCalls(DescribeStacksCommand).length,
  });
}

async function main() {
  const counts =
    flag('--mock-aws') >= 0
      ? mockAws(Number(flags[flag('--mock-aws') + 1]))
      : undefined;
  if (flag('--no-cache') >= 0) {
    TtlCache.prototype.get = async function uncached<T>(
      _key: string,
      load: () => Promise<T>,
    ) {
      try {
        return { value: await load(), updatedAt: new Date() };
      } catch (error) {
        return { error: String(error), updatedAt: new Date() };
      }
    };
  }
  const backend = await startTestBackend({
    features: [
      videogenPlugin,
      mockServices.rootConfig.factory({ data: JSON.parse(configJson) }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  process.stdout.write(`READY ${port}\n`);
  process.on('SIGTERM', async () => {
    if (counts) {
      process.stdout.write(`COUNTS ${JSON.stringify(counts())}\n`);
    }
    await backend.stop().catch(() => undefined);
    process.exit(0);
  });
}

main().catch(error => {
  process.stderr.write(`serve failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
