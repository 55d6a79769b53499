import { ConfigReader } from '@backstage/config';
import { readPipelineConfig } from './config';
import { resolveWorkerCommand, workerEnvironment } from './createPipeline';

describe('readPipelineConfig', () => {
  it('has local defaults that need no config at all', () => {
    const config = readPipelineConfig(new ConfigReader({}), {
      cwd: '/srv/backstage',
    });
    expect(config).toMatchObject({
      mode: 'local',
      dataDir: '/srv/backstage/.data',
      limits: {
        maxPhotoBytes: 20 * 1024 * 1024,
        maxPhotoPixels: 40_000_000,
        maxScriptCharacters: 5000,
      },
      queue: {
        retries: 2,
        local: {
          pollIntervalMs: 1000,
          leaseMs: 30_000,
          heartbeatMs: 5000,
          cancelGraceMs: 10_000,
        },
        batch: { platform: 'eks', pollIntervalMs: 10_000 },
      },
      status: { cacheTtlMs: 10_000 },
    });
    expect(config.queue.local.workers).toBeGreaterThanOrEqual(1);
    expect(config.storage.s3).toBeUndefined();
  });

  it('resolves a relative dataDir against the working directory', () => {
    expect(
      readPipelineConfig(
        new ConfigReader({ videogen: { dataDir: '../../.data' } }),
        {
          cwd: '/repo/packages/backend',
        },
      ).dataDir,
    ).toBe('/repo/.data');
  });

  it.each([
    [{ mode: 'cloud' }, /videogen.mode/],
    [{ mode: 'aws' }, /uploadsBucket/],
    [{ limits: { maxPhotoBytes: 0 } }, /maxPhotoBytes/],
    [{ limits: { maxScriptCharacters: 1.5 } }, /whole number/],
    [{ queue: { local: { workers: -1 } } }, /workers/],
    [
      { queue: { local: { leaseSeconds: 1, heartbeatSeconds: 2 } } },
      /longer than heartbeatSeconds/,
    ],
    [{ queue: { batch: { platform: 'fargate' } } }, /eks or ecs/],
    [{ worker: { command: [] } }, /worker.command/],
  ])('refuses %j with a pointer to the key', (videogen, message) => {
    expect(() => readPipelineConfig(new ConfigReader({ videogen }))).toThrow(
      message,
    );
  });

  it('reads the aws keys', () => {
    const config = readPipelineConfig(
      new ConfigReader({
        videogen: {
          mode: 'aws',
          aws: { region: 'eu-west-1' },
          storage: {
            s3: {
              uploadsBucket: 'u',
              videosBucket: 'v',
              kmsKeyId: 'alias/k',
              forcePathStyle: true,
            },
          },
          queue: {
            batch: { jobQueue: 'q', jobDefinition: 'd', platform: 'ecs' },
          },
          status: {
            cacheTtlSeconds: 3,
            eks: { clusterName: 'c' },
            stateStack: { name: 's' },
          },
        },
      }),
    );
    expect(config).toMatchObject({
      mode: 'aws',
      aws: { region: 'eu-west-1' },
      storage: {
        s3: {
          uploadsBucket: 'u',
          videosBucket: 'v',
          kmsKeyId: 'alias/k',
          forcePathStyle: true,
          presignExpirySeconds: 300,
        },
      },
      queue: { batch: { jobQueue: 'q', jobDefinition: 'd', platform: 'ecs' } },
      status: { cacheTtlMs: 3000, eksClusterName: 'c', stateStackName: 's' },
    });
  });
});

describe('the generator command and environment', () => {
  it("defaults to @videogen/worker's bin, run by this node, and honours videogen.worker.command", () => {
    const config = readPipelineConfig(new ConfigReader({}));
    const [program, bin] = resolveWorkerCommand(config);
    expect(program).toBe(process.execPath);
    expect(bin).toMatch(/packages\/worker\/bin\/videogen-worker$/);
    expect(
      resolveWorkerCommand(
        readPipelineConfig(
          new ConfigReader({
            videogen: { worker: { command: ['/opt/gen', '--fast'] } },
          }),
        ),
      ),
    ).toEqual(['/opt/gen', '--fast']);
  });

  it('passes the generator an allow-list of the environment, never secrets', () => {
    expect(
      workerEnvironment({
        PATH: '/usr/bin',
        HOME: '/home/app',
        VIDEOGEN_FFMPEG: '/opt/ffmpeg',
        AWS_REGION: 'eu-west-1',
        AWS_SECRET_ACCESS_KEY: 'secret',
        POSTGRES_PASSWORD: 'secret',
        BACKEND_SECRET: 'secret',
        NODE_OPTIONS: '--require x',
      }),
    ).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/app',
      VIDEOGEN_FFMPEG: '/opt/ffmpeg',
      AWS_REGION: 'eu-west-1',
    });
  });
});
