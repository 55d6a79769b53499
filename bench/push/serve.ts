/*
 * The backend of the push benchmark, in its own process so that its CPU time
 * can be read from /proc/<pid>/stat: the real videogen plugin in aws mode
 * (EKS, Batch and CloudFormation answered by aws-sdk-client-mock after
 * <delay> ms, the calls counted) and the real signals backend
 * (@backstage/plugin-signals-backend, WebSocket at /api/signals).
 *
 *   node --require ./node_modules/@backstage/cli/config/nodeTransform.cjs \
 *     bench/push/serve.ts <changes per minute> <sdk delay ms>
 *
 * Changes: a small bench plugin publishes one `video` signal of environment
 * `prod` at the given rate through the signals service, the way the
 * plugin's job store does on each job state it writes (the rendering that
 * causes a change costs the same with push or polling, so it is left out).
 * Prints "READY <port>"; on SIGTERM prints "COUNTS <json>" (SDK calls).
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
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { videogenSignalChannel } from '@videogen/plugin-videogen-common';
import { mockClient } from 'aws-sdk-client-mock';
import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import videogenPlugin from '../../plugins/videogen-backend/src';

const [changesPerMinute, delayMs] = process.argv.slice(2).map(Number);

function mockAws() {
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
  return () => {
    const all = [eks, batch, cfn].flatMap(client => client.calls());
    const counts: Record<string, number> = {};
    for (const call of all) {
      const name = call.args[0].constructor.name.replace(/Command$/, '');
      counts[name] = (counts[name] ?? 0) + 1;
    }
    return counts;
  };
}

/** Publishes `video` changes of `prod` at the configured rate. */
const changeSource = createBackendPlugin({
  pluginId: 'pushbench',
  register(env) {
    env.registerInit({
      deps: {
        signals: signalsServiceRef,
        lifecycle: coreServices.lifecycle,
      },
      async init({ signals, lifecycle }) {
        if (!changesPerMinute) return;
        const states = ['RUNNABLE', 'RUNNING', 'SUCCEEDED'] as const;
        let n = 0;
        const timer = setInterval(() => {
          const message = {
            kind: 'video' as const,
            environment: 'prod',
            videoId: randomUUID(),
            jobId: randomUUID(),
            state: states[n++ % states.length],
            createdBy: 'user:default/uploader',
          };
          signals
            .publish({
              recipients: { type: 'broadcast' },
              channel: videogenSignalChannel('prod'),
              message,
            })
            .catch(() => undefined);
        }, 60_000 / changesPerMinute);
        lifecycle.addShutdownHook(() => clearInterval(timer));
      },
    });
  },
});

async function main() {
  const counts = mockAws();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'videogen-push-'));
  const backend = await startTestBackend({
    features: [
      videogenPlugin,
      // The real in-process events service (the test backend's is a mock
      // that delivers nothing): signals travel over it to the WebSockets.
      eventsServiceFactory,
      import('@backstage/plugin-signals-backend'),
      changeSource,
      mockServices.rootConfig.factory({
        data: {
          videogen: {
            mode: 'aws',
            dataDir,
            environments: [
              { name: 'prod', target: 'aws', region: 'us-east-1' },
            ],
            aws: { region: 'us-east-1' },
            storage: {
              s3: {
                uploadsBucket: 'bench-uploads',
                videosBucket: 'bench-videos',
              },
            },
            queue: {
              batch: {
                jobQueue: 'videogen-bench',
                jobDefinition: 'videogen-bench:1',
              },
            },
            status: {
              cacheTtlSeconds: 10,
              eks: { clusterName: 'videogen-bench' },
              stateStack: { name: 'videogen-state' },
            },
          },
        },
      }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  process.stdout.write(`READY ${port}\n`);
  process.on('SIGTERM', async () => {
    process.stdout.write(`COUNTS ${JSON.stringify(counts())}\n`);
    await backend.stop().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
}

main().catch(error => {
  process.stderr.write(`serve failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
