/*
 * A real backend process with the videogen plugin, for the fault test
 * (src/faults.test.ts): it runs outside jest so that the test can SIGKILL
 * it, with its SQLite database and storage in the data directory
 * VIDEOGEN_FAULT_DATA_DIR, and the real generator CLI as its worker. It prints
 * "listening <port>" once it serves.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { videogenPlugin } from '../plugin';

async function main() {
  const dataDir = process.env.VIDEOGEN_FAULT_DATA_DIR!;
  const backend = await startTestBackend({
    features: [
      videogenPlugin,
      mockServices.rootConfig.factory({
        data: {
          backend: {
            database: {
              client: 'better-sqlite3',
              connection: { directory: `${dataDir}/sqlite` },
            },
          },
          videogen: {
            dataDir,
            queue: {
              retries: 2,
              local: {
                workers: 1,
                pollInterval: { milliseconds: 200 },
                lease: { seconds: 3 },
                heartbeatInterval: { milliseconds: 500 },
                cancelGrace: { seconds: 2 },
              },
            },
          },
        },
      }),
    ],
  });
  const address = backend.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`listening ${port}\n`);
  const stop = () => {
    backend.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch(error => {
  process.stderr.write(`fault backend failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
