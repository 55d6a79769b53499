import { ConfigReader } from '@backstage/config';
import { readQueueConfig } from './config';

describe('readQueueConfig', () => {
  it('has local defaults that need no config at all', () => {
    const config = readQueueConfig(new ConfigReader({}));
    expect(config).toMatchObject({
      retries: 2,
      local: {
        pollIntervalMs: 1000,
        leaseMs: 30_000,
        heartbeatMs: 5000,
        cancelGraceMs: 10_000,
      },
      batch: { platform: 'eks', pollIntervalMs: 10_000 },
    });
    expect(config.local.workers).toBeGreaterThanOrEqual(1);
    expect(config.workerCommand).toBeUndefined();
  });

  it('reads durations as objects, ms strings or ISO durations', () => {
    const config = readQueueConfig(
      new ConfigReader({
        videogen: {
          queue: {
            local: {
              pollInterval: { milliseconds: 250 },
              lease: '1m',
              heartbeatInterval: 'PT10S',
              cancelGrace: { seconds: 0 },
            },
            batch: { pollInterval: { seconds: 30 } },
          },
        },
      }),
    );
    expect(config.local).toMatchObject({
      pollIntervalMs: 250,
      leaseMs: 60_000,
      heartbeatMs: 10_000,
      cancelGraceMs: 0,
    });
    expect(config.batch.pollIntervalMs).toBe(30_000);
  });

  it('reads the batch keys', () => {
    expect(
      readQueueConfig(
        new ConfigReader({
          videogen: {
            queue: {
              batch: { jobQueue: 'q', jobDefinition: 'd', platform: 'ecs' },
            },
          },
        }),
      ).batch,
    ).toMatchObject({ jobQueue: 'q', jobDefinition: 'd', platform: 'ecs' });
  });

  it.each([
    [{ queue: { local: { workers: -1 } } }, /workers/],
    [{ queue: { retries: 0.5 } }, /whole number/],
    [
      { queue: { local: { lease: { seconds: 1 }, heartbeatInterval: '2s' } } },
      /longer than heartbeatInterval/,
    ],
    [{ queue: { local: { pollInterval: '1ms' } } }, /pollInterval/],
    [{ queue: { local: { pollInterval: 1 } } }, /pollInterval/],
    [{ queue: { batch: { platform: 'fargate' } } }, /eks or ecs/],
    [{ worker: { command: [] } }, /worker.command/],
  ])('refuses %j with a pointer to the key', (videogen, message) => {
    expect(() => readQueueConfig(new ConfigReader({ videogen }))).toThrow(
      message,
    );
  });
});
