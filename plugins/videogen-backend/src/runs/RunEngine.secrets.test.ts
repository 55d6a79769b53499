import childProcess from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { createHarness, fixtureRoots, Harness } from './__testUtils__/harness';

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
});
