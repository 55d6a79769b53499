import { ConfigReader } from '@backstage/config';
import { readQueueConfig } from './config';
import { resolveWorkerCommand, workerEnvironment } from './workerEnvironment';

describe('the generator command and environment', () => {
  it("defaults to @videogen/worker's bin, run by this node, and honours videogen.worker.command", () => {
    const config = readQueueConfig(new ConfigReader({}));
    const [program, bin] = resolveWorkerCommand(config);
    expect(program).toBe(process.execPath);
    expect(bin).toMatch(/packages\/worker\/bin\/videogen-worker$/);
    expect(
      resolveWorkerCommand(
        readQueueConfig(
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
