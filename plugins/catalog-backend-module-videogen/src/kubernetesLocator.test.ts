import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  coreServices,
  createBackendModule,
  DatabaseService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  EventsService,
  eventsServiceFactory,
  eventsServiceRef,
} from '@backstage/plugin-events-node';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import {
  ENVIRONMENTS_CHANGED_TOPIC,
  EnvironmentsChangedEvent,
} from '@videogen/plugin-videogen-common';
// The module is a client of the videogen plugin: the test runs the real one.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import videogenPlugin from '@videogen/plugin-videogen-backend';
import request from 'supertest';
import {
  appliedAwsOutputs,
  awsTerraformOutputJson,
} from './__fixtures__/awsTerraformOutputs';
import { catalogModuleVideogen } from './module';

// The catalog locator resolves a cluster's host name (to refuse private
// addresses) unless the host is exempt. The test stays on loopback: any
// lookup fails, so a cluster is only located through the exemption the
// config below grants EKS endpoints.
jest.mock('node:dns/promises', () => ({
  ...jest.requireActual('node:dns/promises'),
  lookup: jest.fn(async (hostname: string) => {
    throw new Error(`No DNS in this test (looked up ${hostname})`);
  }),
}));

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

/**
 * Gives the test the videogen plugin's own database and the shared events
 * service, to stand in for an aws apply (which would need AWS): the run
 * engine records the apply's outputs and announces the change.
 */
function videogenInternals() {
  let database: DatabaseService | undefined;
  let events: EventsService | undefined;
  const module = createBackendModule({
    pluginId: 'videogen',
    moduleId: 'test-internals',
    register(reg) {
      reg.registerInit({
        deps: { db: coreServices.database, ev: eventsServiceRef },
        async init({ db, ev }) {
          database = db;
          events = ev;
        },
      });
    },
  });

  /** What a successful apply of the aws root leaves behind. */
  async function recordApply(
    environment: string,
    outputs: Record<string, unknown>,
  ) {
    const knex = await database!.getClient();
    await knex('videogen_environments')
      .where({ name: environment })
      .update({
        status: 'READY',
        outputs: JSON.stringify(outputs),
        updated_at: new Date().toISOString(),
      });
    const eventPayload: EnvironmentsChangedEvent = {
      environment,
      status: 'READY',
      runStatus: 'SUCCEEDED',
    };
    await events!.publish({ topic: ENVIRONMENTS_CHANGED_TOPIC, eventPayload });
  }

  return { module, recordApply };
}

describe('the EKS cluster of an aws environment, with the real catalog and Kubernetes plugins', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let stop: () => Promise<void>;
  let dataDir: string;
  const videogen = videogenInternals();

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'videogen-k8s-'));
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleVideogen,
        eventsServiceFactory,
        videogenPlugin,
        videogen.module,
        kubernetesPlugin,
        mockServices.rootConfig.factory({
          data: {
            catalog: { processingInterval: { seconds: 1 } },
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [
                {
                  type: 'catalog',
                  // A private EKS endpoint resolves to VPC addresses, which
                  // the locator refuses unless the host is allowed.
                  dangerouslyAllowClusterUrls: ['*.eks.amazonaws.com'],
                },
              ],
            },
            videogen: {
              dataDir,
              catalog: { owner: 'group:default/platform-team' },
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
    await stop?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const clusters = async () => {
    const response = await request(server)
      .get('/api/kubernetes/clusters')
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(200);
    return response.body.items as Array<{
      name: string;
      title?: string;
      authProvider: string;
    }>;
  };

  it('is listed by the catalog cluster locator once the environment is applied', async () => {
    const created = await request(server)
      .post('/api/videogen/environments')
      .send({ name: 'prod-eu', target: 'aws', region: 'eu-west-1' });
    expect(created.status).toBe(201);

    // Created but not applied: the environment is published, no cluster.
    await waitFor(async () => {
      const response = await request(server).get(
        '/api/catalog/entities/by-name/resource/default/prod-eu',
      );
      return response.status === 200 ? true : undefined;
    }, 20);
    expect(await clusters()).toEqual([]);

    await videogen.recordApply('prod-eu', appliedAwsOutputs());

    const located = await waitFor(async () => {
      const items = await clusters();
      return items.length ? items : undefined;
    }, 30);
    expect(located).toEqual([
      {
        name: 'prod-eu-eks',
        title: `EKS cluster ${awsTerraformOutputJson.cluster_name.value}`,
        authProvider: 'aws',
      },
    ]);
  });
});
