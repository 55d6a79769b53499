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
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { videogenSignalChannel } from '@videogen/plugin-videogen-common';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import videogenPlugin from '../../plugins/videogen-backend/src';
import { mockStatusSources } from '../lib/awsMocks';
import { awsStatusConfig } from '../lib/awsStatus';
import { runServer } from '../lib/common';

const [changesPerMinute, delayMs] = process.argv.slice(2).map(Number);

/** Mocks the status sources; returns the SDK calls made, by command name. */
function mockAws() {
  const { eks, batch, cfn } = mockStatusSources(delayMs);
  return () => {
    const all = [...eks.calls(), ...batch.calls(), ...cfn.calls()];
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

runServer(async () => {
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
        data: { videogen: awsStatusConfig(dataDir, 10) },
      }),
    ],
  });
  return {
    backend,
    beforeStop: () =>
      process.stdout.write(`COUNTS ${JSON.stringify(counts())}\n`),
    afterStop: () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
});
