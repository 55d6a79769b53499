import { mockServices } from '@backstage/backend-test-utils';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { Environment } from '@videogen/plugin-videogen-common';
import { VideogenEnvironmentProvider } from './VideogenEnvironmentProvider';

const env = (name: string, status: Environment['status']): Environment => ({
  name,
  target: 'local',
  region: 'local',
  variables: {},
  requireApproval: false,
  status,
  outputs: {},
  createdBy: 'user:default/guest',
  createdAt: '2026-11-26T10:00:00Z',
  updatedAt: '2026-11-26T10:00:00Z',
});

function recordingConnection() {
  const mutations: Array<{ names: string[] }> = [];
  const connection: EntityProviderConnection = {
    applyMutation: async mutation => {
      if (mutation.type !== 'full') throw new Error('expected a full mutation');
      mutations.push({
        names: mutation.entities.map(e => e.entity.metadata.name),
      });
    },
    refresh: async () => {},
  };
  return { connection, mutations };
}

describe('VideogenEnvironmentProvider', () => {
  it('replaces its entities with the current environments, leaving out destroyed ones', async () => {
    let environments = [env('alpha', 'READY'), env('beta', 'DESTROYING')];
    const provider = new VideogenEnvironmentProvider({
      source: { listEnvironments: async () => environments },
      logger: mockServices.logger.mock(),
      owner: 'group:default/platform-team',
      locationRef: 'url:http://localhost/api/videogen/environments',
    });
    const { connection, mutations } = recordingConnection();
    await provider.connect(connection);

    await provider.refresh();
    environments = [env('alpha', 'READY'), env('beta', 'DESTROYED')];
    await provider.refresh();

    expect(mutations).toEqual([
      { names: ['video-generator', 'alpha', 'beta'] },
      { names: ['video-generator', 'alpha'] },
    ]);
  });

  it('publishes built-in environments and the System unless turned off', async () => {
    const builtIn = { ...env('local', 'READY'), builtIn: true };
    const publish = async (options: {
      builtInEnvironments?: boolean;
      system?: boolean;
    }) => {
      const provider = new VideogenEnvironmentProvider({
        source: {
          listEnvironments: async () => [builtIn, env('alpha', 'READY')],
        },
        logger: mockServices.logger.mock(),
        owner: 'group:default/platform-team',
        locationRef: 'url:x',
        ...options,
      });
      const { connection, mutations } = recordingConnection();
      await provider.connect(connection);
      await provider.refresh();
      return mutations[0].names;
    };
    expect(await publish({})).toEqual(['video-generator', 'local', 'alpha']);
    expect(
      await publish({ builtInEnvironments: false, system: false }),
    ).toEqual(['alpha']);
  });

  it('folds refreshes requested during a refresh into one more read', async () => {
    let reads = 0;
    let release: () => void = () => {};
    const provider = new VideogenEnvironmentProvider({
      source: {
        listEnvironments: async () => {
          reads++;
          if (reads === 1) await new Promise<void>(r => (release = r));
          return [env('alpha', 'READY')];
        },
      },
      logger: mockServices.logger.mock(),
      owner: 'group:default/platform-team',
      locationRef: 'url:http://localhost/api/videogen/environments',
    });
    const { connection, mutations } = recordingConnection();
    await provider.connect(connection);

    const first = provider.refresh();
    const burst = [provider.refresh(), provider.refresh(), provider.refresh()];
    release();
    await Promise.all([first, ...burst]);

    expect(reads).toBe(2);
    expect(mutations).toHaveLength(2);
  });

  it('starts its periodic refresh only once the catalog has connected it', async () => {
    const scheduled: Array<{ id: string; fn: () => Promise<void> | void }> = [];
    const provider = new VideogenEnvironmentProvider({
      source: { listEnvironments: async () => [env('alpha', 'READY')] },
      logger: mockServices.logger.mock(),
      owner: 'group:default/platform-team',
      locationRef: 'url:x',
      schedule: { run: async task => void scheduled.push(task as any) },
    });
    expect(scheduled).toHaveLength(0);

    const { connection, mutations } = recordingConnection();
    await provider.connect(connection);
    expect(scheduled.map(t => t.id)).toEqual(['videogen-environments:refresh']);

    await scheduled[0].fn();
    expect(mutations).toEqual([{ names: ['video-generator', 'alpha'] }]);
  });

  it('refuses to refresh before the catalog connected it', async () => {
    const provider = new VideogenEnvironmentProvider({
      source: { listEnvironments: async () => [] },
      logger: mockServices.logger.mock(),
      owner: 'group:default/platform-team',
      locationRef: 'url:x',
    });
    await expect(provider.refresh()).rejects.toThrow(/not connected/);
  });
});
