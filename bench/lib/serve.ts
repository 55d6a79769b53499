/*
 * A Backstage backend with the real videogen plugin, in its own process so
 * that a benchmark can measure it from outside (RSS from /proc/<pid>/status,
 * latency over HTTP). Started by the benchmarks, not by hand:
 *
 *   node --require ./node_modules/@backstage/cli/config/nodeTransform.cjs \
 *     bench/lib/serve.ts '<config JSON>' [--mock-aws <delay ms>] [--no-cache]
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
  DescribeComputeEnvironmentsCommand,
  DescribeJobQueuesCommand,
} from '@aws-sdk/client-batch';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  ListNodegroupsCommand,
} from '@aws-sdk/client-eks';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import videogenPlugin from '../../plugins/videogen-backend/src';
import { TtlCache } from '../../plugins/videogen-backend/src/status/TtlCache';
import { mockStatusSources } from './awsMocks';
import { runServer } from './common';

const [configJson, ...flags] = process.argv.slice(2);
const flag = (name: string) => flags.indexOf(name);

/** Mocks the status sources; returns the number of SDK calls per command. */
function mockAws(delayMs: number) {
  const { eks, batch, cfn } = mockStatusSources(delayMs);
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

runServer(async () => {
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
  return {
    backend,
    beforeStop: () => {
      if (counts) {
        process.stdout.write(`COUNTS ${JSON.stringify(counts())}\n`);
      }
    },
  };
});
