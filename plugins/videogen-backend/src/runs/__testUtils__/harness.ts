import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { RunStatus } from '@videogen/plugin-videogen-common';
import { migrateDatabase } from '../../database/migrations';
import { EnvironmentDrain } from '../../environments/drain';
import { EnvironmentStore } from '../../environments/EnvironmentStore';
import { TerraformSettings } from '../../terraform/config';
import { RunEngine, RunEngineOptions } from '../RunEngine';
import { RunStore } from '../RunStore';

export const REPO_ROOT = path.resolve(__dirname, '../../../../..');
/** The repository's real roots (terraform/environments/{local,aws}). */
export const REAL_ENVIRONMENTS_DIR = path.join(
  REPO_ROOT,
  'terraform/environments',
);
export const CLI_CONFIG_FILE = path.join(REPO_ROOT, 'terraform/cli.tfrc');

/** A fixture directory holding a `local/` root (see __fixtures__/README.md). */
export const fixtureRoots = (name: 'hanging' | 'failing' | 'leaky') =>
  path.resolve(__dirname, '../../terraform/__fixtures__', name);

export function testSettings(
  dataDir: string,
  overrides: Partial<TerraformSettings> = {},
): TerraformSettings {
  return {
    binary: 'terraform',
    environmentsDir: REAL_ENVIRONMENTS_DIR,
    dataDir,
    cliConfigFile: CLI_CONFIG_FILE,
    lockTimeoutSeconds: 0,
    localWorkerSlots: 2,
    secretVariables: {},
    maxLogBytes: 1024 * 1024,
    drainTimeoutSeconds: 5,
    terminateRunningJobs: false,
    ...overrides,
  };
}

/** Environment variables the test's terraform children inherit. */
export const testInheritedEnv = (): Record<string, string> => ({
  PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
  HOME: process.env.HOME ?? os.tmpdir(),
});

/** An in-memory queue drain that records what the engine asked of it. */
export class FakeDrain implements EnvironmentDrain {
  calls: string[] = [];
  jobs = new Map<string, number>();
  /** Jobs that stop within one poll after being terminated. */
  terminateWorks = true;

  async disable(environment: string) {
    this.calls.push(`disable ${environment}`);
  }
  async enable(environment: string) {
    this.calls.push(`enable ${environment}`);
  }
  async activeJobs(environment: string) {
    return this.jobs.get(environment) ?? 0;
  }
  async terminateActive(environment: string, reason: string) {
    this.calls.push(`terminate ${environment}: ${reason}`);
    if (this.terminateWorks) this.jobs.set(environment, 0);
  }
}

export type Harness = Awaited<ReturnType<typeof createHarness>>;

/** A migrated database, stores, a data directory and an engine on them. */
export async function createHarness(
  knex: Knex,
  options: {
    settings?: Partial<TerraformSettings>;
    engine?: Partial<RunEngineOptions>;
    dataDir?: string;
    migrate?: boolean;
  } = {},
) {
  if (options.migrate !== false) await migrateDatabase(knex);
  const dataDir =
    options.dataDir ??
    fs.mkdtempSync(path.join(os.tmpdir(), 'videogen-runs-test-'));
  const environments = new EnvironmentStore(knex);
  const runs = new RunStore(knex);
  const settings = testSettings(dataDir, options.settings);
  const logger = mockServices.logger.mock();
  const engine = new RunEngine({
    environments,
    runs,
    settings,
    logger,
    inheritedEnv: testInheritedEnv(),
    timings: {
      heartbeatMs: 200,
      staleAfterMs: 60_000,
      drainPollMs: 50,
      terminateWaitMs: 2_000,
      shutdownWaitMs: 10_000,
    },
    ...options.engine,
  });
  await engine.start();

  const harness = {
    knex,
    dataDir,
    environments,
    runs,
    settings,
    engine,
    logger,

    async createEnvironment(
      name: string,
      overrides: {
        variables?: Record<string, string | number | boolean>;
        requireApproval?: boolean;
      } = {},
    ) {
      return environments.create({
        name,
        target: 'local',
        region: 'local',
        variables: overrides.variables ?? {},
        requireApproval: overrides.requireApproval ?? false,
        createdBy: 'user:default/ada',
      });
    },

    /** Waits until the run is in one of `statuses` (or fails the test). */
    async waitFor(runId: string, statuses: RunStatus[], timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const run = await engine.getRun(runId);
        if (statuses.includes(run.status)) return run;
        if (Date.now() > deadline) {
          throw new Error(
            `Run ${runId} is ${run.status} (${
              run.message
            }), not ${statuses.join('/')}; log:\n${await runs.fullLog(runId)}`,
          );
        }
        await new Promise(r => setTimeout(r, 50));
      }
    },

    /** Waits until the run's stored log matches `pattern`. */
    async waitForLog(runId: string, pattern: RegExp, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const log = await runs.fullLog(runId);
        if (pattern.test(log)) return log;
        if (Date.now() > deadline) {
          throw new Error(
            `The log of run ${runId} never matched ${pattern}:\n${log}`,
          );
        }
        await new Promise(r => setTimeout(r, 50));
      }
    },

    /** Starts a run and waits until it leaves PENDING/RUNNING. */
    async run(
      environment: string,
      operation: 'plan' | 'apply' | 'destroy',
      extra: {
        drainTimeoutSeconds?: number;
        terminateRunningJobs?: boolean;
      } = {},
    ) {
      const run = await engine.startRun(
        environment,
        { operation, ...extra },
        'user:default/ada',
      );
      await engine.settle(run.id);
      return engine.getRun(run.id);
    },

    workDir: (environment: string) =>
      path.join(dataDir, 'terraform', environment),

    async close() {
      await engine.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}
