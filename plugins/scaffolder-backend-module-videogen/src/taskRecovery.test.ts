import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  DatabaseService,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { TemplateEntityV1beta3 } from '@backstage/plugin-scaffolder-common';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import request from 'supertest';
import yaml from 'yaml';
import { scaffolderModuleVideogen } from './module';
import { startVideogenBackend } from './__testUtils__/videogenBackend';

jest.setTimeout(180_000);

const repoRoot = path.resolve(__dirname, '../../..');
const template = yaml.parse(
  fs.readFileSync(
    path.join(repoRoot, 'templates/provision-environment/template.yaml'),
    'utf8',
  ),
) as TemplateEntityV1beta3;
template.metadata.namespace = 'default';

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(`Condition not met within ${timeoutMs} ms`);
    }
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}

/**
 * One scaffolder backend "process": the real scaffolder plugin with this
 * module, its database in `<databaseDir>/scaffolder.sqlite`, task recovery
 * on as in app-config.yaml, and the videogen API found at `videogenBaseUrl`.
 *
 * A test cannot kill its own process, so `kill()` does what a crash does to
 * the task that is running: it loses its database (the scaffolder's
 * connection is destroyed, so the task's heartbeat, log and completion
 * writes can no longer land) and its way to the videogen API. The
 * abandoned handler then fails on its next request without side effects.
 */
async function startScaffolderProcess(options: {
  databaseDir: string;
  videogenBaseUrl: string;
}) {
  let alive = true;
  let scaffolderDb: Knex | undefined;
  const processHandle = createBackendModule({
    pluginId: 'scaffolder',
    moduleId: 'test-process-handle',
    register(reg) {
      reg.registerInit({
        // The database service hands out one client per plugin, so this is
        // the connection the scaffolder's task store uses.
        deps: { database: coreServices.database },
        async init({ database }) {
          scaffolderDb = await database.getClient();
        },
      });
    },
  });
  const discovery = createServiceFactory({
    service: coreServices.discovery,
    deps: {},
    factory: () => {
      const baseUrl = async (pluginId: string) => {
        if (!alive) throw new Error('This backend process has exited.');
        return pluginId === 'videogen'
          ? options.videogenBaseUrl
          : `http://localhost:0/api/${pluginId}`;
      };
      return { getBaseUrl: baseUrl, getExternalBaseUrl: baseUrl };
    },
  });
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleVideogen,
      processHandle,
      discovery,
      catalogServiceMock.factory({ entities: [template] }),
      mockServices.database.factory(),
      mockServices.rootConfig.factory({
        data: {
          backend: {
            baseUrl: 'http://localhost:0',
            database: {
              client: 'better-sqlite3',
              connection: { directory: options.databaseDir },
            },
          },
          scaffolder: {
            // As in app-config.yaml, with a short stale timeout so the
            // test does not wait 30 s for the dead task's heartbeat to age.
            taskRecovery: { enabled: true, staleTimeout: { seconds: 2 } },
          },
        },
      }),
    ],
  });
  return {
    server: backend.server,
    db: () => scaffolderDb!,
    async kill() {
      alive = false;
      // Every query the abandoned task makes from now on waits forever, as
      // if its process were gone: nothing it does reaches the database.
      scaffolderDb!.client.acquireConnection = () => new Promise(() => {});
      await backend.stop();
    },
    /** Closes the database connection a killed backend left open. */
    release: async () => {
      await scaffolderDb?.destroy();
    },
    stop: () => backend.stop(),
  };
}

type TaskRow = { status: string; state: string | null };

/** The checkpoints of a task, as the scaffolder stores them. */
const checkpointsOf = (row: TaskRow | undefined) =>
  (row?.state ? JSON.parse(row.state).state?.checkpoints : undefined) as
    | Record<string, { status: string; value: unknown }>
    | undefined;

describe('a provision task interrupted by a scaffolder backend restart (task recovery on)', () => {
  let videogen: Awaited<ReturnType<typeof startVideogenBackend>>;
  let databaseDir: string;
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    // The run engine lives on (another replica, or the run had already
    // settled): only the scaffolder restarts.
    videogen = await startVideogenBackend();
    databaseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'videogen-recover-'));
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  afterAll(async () => {
    await videogen?.stop();
    fs.rmSync(databaseDir, { recursive: true, force: true });
  });

  it('re-attaches to the apply run it had started instead of starting a second one, and completes', async () => {
    const first = await startScaffolderProcess({
      databaseDir,
      videogenBaseUrl: videogen.baseUrl,
    });
    let firstAlive = true;
    cleanups.push(async () => {
      if (firstAlive) await first.stop();
      await first.release();
    });
    const created = await request(first.server)
      .post('/api/scaffolder/v2/tasks')
      .send({
        templateRef: 'template:default/provision-environment',
        values: { name: 'restart-demo', target: 'local' },
      });
    expect(created.status).toBe(201);
    const taskId: string = created.body.id;

    // The backend dies right after the apply step wrote its checkpoint.
    const applyCheckpoint = await waitFor(async () => {
      const row: TaskRow | undefined = await first
        .db()('tasks')
        .where({ id: taskId })
        .first();
      return Object.entries(checkpointsOf(row) ?? {}).find(
        ([key, checkpoint]) =>
          key.startsWith('v1.task.checkpoint.apply-local.') &&
          checkpoint.status === 'success',
      );
    });
    await first.kill();
    firstAlive = false;
    const applyRunId = applyCheckpoint[1].value as string;

    const second = await startScaffolderProcess({
      databaseDir,
      videogenBaseUrl: videogen.baseUrl,
    });
    cleanups.push(() => second.stop());

    // The restart caught the task in the middle of its apply step: still
    // processing in the database, plan step done, apply step not.
    const before: TaskRow = await second
      .db()('tasks')
      .where({ id: taskId })
      .first();
    expect(before.status).toBe('processing');
    const steps = JSON.parse(before.state!).state.steps;
    expect(steps['plan-local']?.status).toBe('completed');
    expect(steps['apply-local']).toBeUndefined();

    const task = await waitFor(async () => {
      const response = await request(second.server).get(
        `/api/scaffolder/v2/tasks/${taskId}`,
      );
      return ['completed', 'failed', 'cancelled'].includes(response.body.status)
        ? response.body
        : undefined;
    });
    const events = await request(second.server).get(
      `/api/scaffolder/v2/tasks/${taskId}/events`,
    );
    const log = events.body
      .map((event: { body: { message?: string } }) => event.body.message)
      .join('\n');

    expect(task.status).toBe('completed');
    const runs = await videogen.api('GET', '/environments/restart-demo/runs');
    const applies = runs.body.items.filter(
      (run: { operation: string }) => run.operation === 'apply',
    );
    expect(applies).toEqual([
      expect.objectContaining({ id: applyRunId, status: 'SUCCEEDED' }),
    ]);
    // The plan step had completed before the restart and was not run again.
    expect(
      runs.body.items.filter(
        (run: { operation: string }) => run.operation === 'plan',
      ),
    ).toHaveLength(1);
    expect(log).toContain(
      'Skipping step plan-local because it was already completed in a previous run',
    );
    expect(log).toMatch(
      new RegExp(
        `Re-attaching to Terraform apply run ${applyRunId} \\(\\w+\\), started earlier by this task\\.`,
      ),
    );
    const completion = events.body.find(
      (event: { type: string }) => event.type === 'completion',
    );
    expect(completion.body.output.links).toContainEqual(
      expect.objectContaining({ entityRef: 'resource:default/restart-demo' }),
    );

    const environment = await videogen.api('GET', '/environments/restart-demo');
    expect(environment.body.status).toBe('READY');
  });
});
