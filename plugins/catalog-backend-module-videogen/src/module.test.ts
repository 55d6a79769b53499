import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
// The module is a client of the videogen plugin: the test runs the real one.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import videogenPlugin from '@videogen/plugin-videogen-backend';
import request from 'supertest';
import { catalogModuleVideogen } from './module';

jest.setTimeout(120_000);

const repoRoot = path.resolve(__dirname, '../../..');

async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  seconds: number,
): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${seconds} s`);
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

describe('catalogModuleVideogen with the real catalog and videogen plugins', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let stop: () => Promise<void>;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'videogen-catalog-'));
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleVideogen,
        // The real events service, shared by both plugins (the default test
        // mock gives each plugin its own).
        eventsServiceFactory,
        videogenPlugin,
        mockServices.rootConfig.factory({
          data: {
            catalog: { processingInterval: { seconds: 1 } },
            videogen: {
              dataDir,
              catalog: {
                refreshInterval: { hours: 1 },
                owner: 'group:default/platform-team',
              },
              terraform: {
                environmentsDir: path.join(repoRoot, 'terraform/environments'),
                cliConfigFile: path.join(repoRoot, 'terraform/cli.tfrc'),
              },
            },
          },
        }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
  });

  afterAll(async () => {
    await stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const entity = (name: string) =>
    request(server).get(
      `/api/catalog/entities/by-name/resource/default/${name}`,
    );

  const runAndWait = async (env: string, operation: string) => {
    const started = await request(server)
      .post(`/api/videogen/environments/${env}/runs`)
      .send({ operation, drainTimeoutSeconds: 0 });
    expect(started.status).toBe(202);
    return waitFor(async () => {
      const run = await request(server).get(
        `/api/videogen/runs/${started.body.id}`,
      );
      return ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(run.body.status)
        ? run.body
        : undefined;
    }, 60);
  };

  it('publishes an environment when its run finishes and removes it only after destroy succeeded', async () => {
    // The test scheduler never fires the hourly refresh: whatever shows up
    // was published because a run finished.
    const created = await request(server)
      .post('/api/videogen/environments')
      .send({ name: 'catalog-demo', target: 'local' });
    expect(created.status).toBe(201);
    expect((await runAndWait('catalog-demo', 'apply')).status).toBe(
      'SUCCEEDED',
    );

    const published = await waitFor(async () => {
      const response = await entity('catalog-demo');
      return response.status === 200 ? response.body : undefined;
    }, 20);
    expect(published).toMatchObject({
      kind: 'Resource',
      metadata: { annotations: { 'videogen.io/environment': 'catalog-demo' } },
      spec: { type: 'video-generator-environment', system: 'video-generator' },
    });
    // The built-in environment is published too, with its System: a stock
    // app needs no hand-written YAML for the Video generator tab.
    expect((await entity('local')).body).toMatchObject({
      metadata: { annotations: { 'videogen.io/environment': 'local' } },
      spec: { system: 'video-generator' },
    });
    expect(
      (
        await request(server).get(
          '/api/catalog/entities/by-name/system/default/video-generator',
        )
      ).body,
    ).toMatchObject({ spec: { owner: 'group:default/platform-team' } });

    expect((await runAndWait('catalog-demo', 'destroy')).status).toBe(
      'SUCCEEDED',
    );
    await waitFor(
      async () =>
        (await entity('catalog-demo')).status === 404 ? true : undefined,
      20,
    );
  });
});
