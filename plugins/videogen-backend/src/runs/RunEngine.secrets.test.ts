import childProcess from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import {
  API,
  as,
  RecordingLogger,
  RunsApi,
  startRunsApi,
} from './__testUtils__/api';
import { createHarness, fixtureRoots, Harness } from './__testUtils__/harness';
import { RunPatch } from './RunStore';

jest.setTimeout(120_000);

// Canary values: if any of them shows up where it must not, a secret leaks.
const DB_PASSWORD = 'canary-db-password-5f1d7c';
const AWS_SECRET = 'canary-aws-secret-9b3e21';
const AWS_SESSION = 'canary-aws-session-0c44aa';
const CANARIES = [DB_PASSWORD, AWS_SECRET, AWS_SESSION];

async function databaseText(knex: Knex): Promise<string> {
  const tables = [
    'videogen_environments',
    'videogen_terraform_runs',
    'videogen_terraform_run_logs',
  ];
  const rows = await Promise.all(tables.map(table => knex(table).select()));
  return JSON.stringify(rows);
}

const expectNoCanary = (text: string) => {
  for (const canary of CANARIES) expect(text).not.toContain(canary);
};

describe('RunEngine secrets', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  let harness: Harness | undefined;
  let spawnSpy: jest.SpyInstance | undefined;

  afterEach(async () => {
    spawnSpy?.mockRestore();
    await harness?.close();
    harness = undefined;
  });

  it.each(databases.eachSupportedId())(
    'passes secrets only through the environment and scrubs them from logs, rows, responses and errors on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      spawnSpy = jest.spyOn(childProcess, 'spawn');
      harness = await createHarness(knex, {
        settings: {
          environmentsDir: fixtureRoots('leaky'),
          secretVariables: { db_password: DB_PASSWORD },
        },
        engine: {
          inheritedEnv: {
            PATH: process.env.PATH!,
            HOME: process.env.HOME ?? '/tmp',
            // The backend's own AWS identity is not given to local roots,
            // and scrubbed all the same.
            AWS_SECRET_ACCESS_KEY: AWS_SECRET,
            AWS_SESSION_TOKEN: AWS_SESSION,
          },
        },
      });
      const h = harness;
      await h.createEnvironment('leaky');
      await h.createEnvironment('leaky-fails', {
        variables: { fail_with_secret: true },
      });

      const applied = await h.run('leaky', 'apply');
      expect(applied.status).toBe('SUCCEEDED');
      const failed = await h.run('leaky-fails', 'plan');
      expect(failed.status).toBe('FAILED');

      // Terraform got the secret, in its environment and never in argv.
      const calls = spawnSpy.mock.calls.filter(([binary]) =>
        String(binary).endsWith('terraform'),
      );
      expect(calls.length).toBeGreaterThan(4);
      for (const [, args, options] of calls) {
        expectNoCanary(JSON.stringify(args));
        expect(options.env.TF_VAR_db_password).toBe(DB_PASSWORD);
        expect(options.env.AWS_SECRET_ACCESS_KEY).toBeUndefined();
      }

      // Terraform printed it (plan, provisioner, outputs): scrubbed.
      const log = await h.runs.fullLog(applied.id);
      expect(log).toContain('password from the environment: ***');
      expect(log).toContain('input  = "***"');
      expectNoCanary(log);

      // The error message that quotes it.
      expect(failed.message).toBe(
        'terraform plan failed (exit code 1): Resource precondition failed: Refusing the password ***.',
      );

      // API answers.
      expect(applied.outputs).toEqual({
        leaked_password: '***',
        hidden_password: '(sensitive)',
      });
      expectNoCanary(
        JSON.stringify([
          await h.engine.getRun(applied.id),
          await h.engine.getRun(failed.id),
          await h.engine.listRuns('leaky'),
          await h.engine.readLog(applied.id, 0),
          await h.engine.readLog(failed.id, 0),
          await h.environments.list(),
        ]),
      );

      // Every row of every table.
      expectNoCanary(await databaseText(knex));

      // No saved plan (which would hold the value) is left behind.
      expect(fs.readdirSync(path.join(h.workDir('leaky'), 'plans'))).toEqual(
        [],
      );
    },
  );

  it('scrubs secrets from a run failure it did not expect, before logging it', async () => {
    harness = await createHarness(await databases.init('SQLITE_3'), {
      settings: {
        environmentsDir: fixtureRoots('leaky'),
        secretVariables: { db_password: DB_PASSWORD },
      },
    });
    const h = harness;
    await h.createEnvironment('leaky');
    // A database error quoting a value, as PostgreSQL's constraint errors do.
    const update = h.runs.update.bind(h.runs);
    jest
      .spyOn(h.runs, 'update')
      .mockImplementation(async (id: string, patch: RunPatch) => {
        if (patch.finishedAt) {
          throw new Error(
            `duplicate key value violates unique constraint: Key (message)=(${DB_PASSWORD}) already exists.`,
          );
        }
        return update(id, patch);
      });

    await h.run('leaky', 'plan');

    expect(h.logger.error.mock.calls.map(([message]) => message)).toEqual([
      expect.stringMatching(
        /^Terraform run \S+ of leaky failed unexpectedly: Error: duplicate key value violates unique constraint: Key \(message\)=\(\*\*\*\) already exists\.$/,
      ),
    ]);
    expectNoCanary(
      JSON.stringify(
        ['error', 'warn', 'info', 'debug'].map(
          level => (h.logger as any)[level].mock.calls,
        ),
      ),
    );
  });

  describe('through the HTTP API', () => {
    const logger = new RecordingLogger();
    const saved = {
      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY,
      AWS_SESSION_TOKEN: process.env.AWS_SESSION_TOKEN,
    };
    let api: RunsApi | undefined;

    beforeAll(async () => {
      // The backend's own AWS identity, which Terraform may inherit.
      process.env.AWS_SECRET_ACCESS_KEY = AWS_SECRET;
      process.env.AWS_SESSION_TOKEN = AWS_SESSION;
      api = await startRunsApi({
        logger,
        terraform: {
          environmentsDir: fixtureRoots('leaky'),
          secretVariables: { db_password: DB_PASSWORD },
        },
      });
    });

    afterAll(async () => {
      await api?.stop();
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    });

    it('answers without the canaries, error responses included, and logs none of them', async () => {
      const server = api!.server;
      const bodies: string[] = [];
      /** Sends a request and keeps its response body. */
      const send = async (
        method: 'get' | 'post',
        route: string,
        body?: object,
        user?: 'admin' | 'viewer',
      ) => {
        let req = request(server)[method](`${API}${route}`);
        if (user) req = req.set('Authorization', as(user));
        const res = await (body ? req.send(body) : req);
        bodies.push(res.text);
        return res;
      };

      expect(
        (
          await send('post', '/environments', {
            name: 'leaky',
            target: 'local',
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await send('post', '/environments', {
            name: 'leaky-fails',
            target: 'local',
            variables: { fail_with_secret: true },
          })
        ).status,
      ).toBe(201);
      // Error responses: a request naming the secret variable, and one
      // setting it to the secret's own value.
      const refused = await send('post', '/environments', {
        name: 'leaky-other',
        target: 'local',
        variables: { db_password: DB_PASSWORD },
      });
      expect(refused.status).toBe(400);

      const apply = await send('post', '/environments/leaky/runs', {
        operation: 'apply',
      });
      expect(apply.status).toBe(202);
      expect(
        (await send('post', '/environments/leaky/runs', { operation: 'plan' }))
          .status,
      ).toBe(409);
      expect(
        (await api!.waitForRun(apply.body.id, ['SUCCEEDED', 'FAILED'])).status,
      ).toBe('SUCCEEDED');

      const failing = await send('post', '/environments/leaky-fails/runs', {
        operation: 'plan',
      });
      const failed = await api!.waitForRun(failing.body.id, [
        'SUCCEEDED',
        'FAILED',
      ]);
      expect(failed.message).toBe(
        'terraform plan failed (exit code 1): Resource precondition failed: Refusing the password ***.',
      );

      for (const id of [apply.body.id, failing.body.id]) {
        expect((await send('get', `/runs/${id}`)).status).toBe(200);
        const log = await send('get', `/runs/${id}/log?offset=0`);
        expect(log.body.text).toContain('***');
        expect((await send('post', `/runs/${id}/cancel`)).status).toBe(409);
        expect((await send('post', `/runs/${id}/approve`)).status).toBe(409);
      }
      expect((await send('get', '/environments/leaky/runs')).status).toBe(200);
      const env = await send('get', '/environments/leaky');
      expect(env.body.outputs).toEqual({
        leaked_password: '***',
        hidden_password: '(sensitive)',
      });
      expect((await send('get', '/environments')).status).toBe(200);
      expect(
        (
          await send(
            'post',
            '/environments/leaky/force-unlock',
            { lockId: '96f0b1ae-34a2-faca-71b6-aa6c43e1a5ca' },
            'admin',
          )
        ).status,
      ).toBe(409);
      expect((await send('get', '/runs/nope')).status).toBe(404);

      for (const body of bodies) expectNoCanary(body);
      // What the backend logged: the engine, the routes' error handler, all.
      expect(logger.records.length).toBeGreaterThan(0);
      expectNoCanary(logger.records.join('\n'));
    });
  });
});
