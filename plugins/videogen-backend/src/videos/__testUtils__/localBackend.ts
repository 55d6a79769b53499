import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import http from 'node:http';
import { videogenPlugin } from '../../plugin';
import { tempDir } from './seed';

/**
 * The videogen plugin in local mode on a test database, with a data
 * directory of its own and generator version `test-1`. `videogen` is laid
 * over that config (the worker command and the queue differ per test).
 */
export async function startLocalVideogen(options: {
  knex: Knex;
  videogen?: Record<string, unknown>;
  features?: Parameters<typeof startTestBackend>[0]['features'];
}): Promise<{
  server: http.Server;
  dataDir: string;
  stop: () => Promise<void>;
}> {
  const dataDir = tempDir();
  const backend = await startTestBackend({
    features: [
      videogenPlugin,
      mockServices.database.factory({ knex: options.knex }),
      mockServices.rootConfig.factory({
        data: {
          videogen: {
            dataDir,
            generator: { version: 'test-1' },
            ...options.videogen,
          },
        },
      }),
      ...(options.features ?? []),
    ],
  });
  return {
    server: backend.server as http.Server,
    dataDir,
    stop: () => backend.stop(),
  };
}
