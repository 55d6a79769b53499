import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import {
  createHarness,
  fixtureRoots,
  Harness,
  testInheritedEnv,
} from './__testUtils__/harness';
import { INTERRUPTED_BY_RESTART, INTERRUPTED_BY_SHUTDOWN } from './messages';

jest.setTimeout(120_000);

const readState = (harness: Harness, environment: string) =>
  JSON.parse(
    fs.readFileSync(
      path.join(harness.workDir(environment), 'terraform.tfstate'),
      'utf8',
    ),
  ) as {
    resources: Array<{
      type: string;
      name: string;
      instances: Array<{ status?: string }>;
    }>;
  };

const resourceNames = (harness: Harness, environment: string) =>
  readState(harness, environment).resources.map(r => `${r.type}.${r.name}`);

/**
 * Resources Terraform recorded as created. A resource whose provisioner was
 * interrupted is recorded too, but tainted (to be replaced by the next apply).
 */
const createdResources = (harness: Harness, environment: string) =>
  readState(harness, environment)
    .resources.filter(r => r.instances.every(i => i.status !== 'tainted'))
    .map(r => `${r.type}.${r.name}`);

const SLOT_TAKEN =
  /^Environment (\S+) has run [0-9a-f-]{36} \((plan|apply|destroy)\) started by user:default\/ada at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ; wait for it to finish or cancel it\.$/;

describe('RunEngine faults', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const harnesses: Harness[] = [];
  const releaseFiles: string[] = [];

  afterEach(async () => {
    // Let any gate loop still waiting (a killed terraform's shell) end.
    for (const file of releaseFiles.splice(0)) fs.writeFileSync(file, '');
    for (const harness of harnesses.splice(0)) await harness.close();
  });

  /** A harness on the hanging fixture, with an environment whose gate is shut. */
  async function hangingEnvironment(
    databaseId: Parameters<typeof databases.init>[0],
    name: string,
  ) {
    const harness = await createHarness(await databases.init(databaseId), {
      settings: { environmentsDir: fixtureRoots('hanging') },
    });
    harnesses.push(harness);
    const releaseFile = path.join(harness.dataDir, `release-${name}`);
    releaseFiles.push(releaseFile);
    await harness.createEnvironment(name, {
      variables: { release_file: releaseFile },
    });
    return { harness, releaseFile };
  }

  it.each(databases.eachSupportedId())(
    'lets one of two replicas start a run and names the holder to the other on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const a = await createHarness(knex, {
        engine: { instanceId: 'replica-a:1' },
      });
      harnesses.push(a);
      const b = await createHarness(knex, {
        migrate: false,
        dataDir: a.dataDir,
        engine: { instanceId: 'replica-b:2' },
      });
      await a.createEnvironment('race');

      const results = await Promise.allSettled([
        a.engine.startRun('race', { operation: 'apply' }, 'user:default/ada'),
        b.engine.startRun('race', { operation: 'plan' }, 'user:default/ada'),
      ]);
      const started = results.filter(r => r.status === 'fulfilled');
      const refused = results.filter(
        (r): r is PromiseRejectedResult => r.status === 'rejected',
      );
      expect(started).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0].reason).toBeInstanceOf(ConflictError);
      expect(refused[0].reason.message).toMatch(SLOT_TAKEN);
      const winner = (started[0] as PromiseFulfilledResult<{ id: string }>)
        .value;
      expect(refused[0].reason.message).toContain(winner.id);

      await a.engine.settle(winner.id);
      await b.engine.settle(winner.id);
      await a.waitFor(winner.id, ['SUCCEEDED']);
      // The slot is free again.
      const next = await b.run('race', 'plan');
      expect(next.status).toBe('SUCCEEDED');
      await b.engine.stop();
    },
  );

  it('cancels with exactly one SIGINT, and Terraform saves its state', async () => {
    const { harness: h } = await hangingEnvironment('SQLITE_3', 'cancel-me');
    const run = await h.engine.startRun(
      'cancel-me',
      { operation: 'apply' },
      'user:default/ada',
    );
    await h.waitForLog(run.id, /terraform_data\.gate: Provisioning with/);

    const cancelling = await h.engine.cancel(run.id, 'user:default/bob');
    expect(cancelling.message).toBe(
      'Cancellation requested by user:default/bob; waiting for Terraform to stop and save its state.',
    );
    // A second cancel does not send a second signal.
    await h.engine.cancel(run.id, 'user:default/bob');

    const cancelled = await h.waitFor(run.id, [
      'CANCELLED',
      'FAILED',
      'SUCCEEDED',
    ]);
    expect(cancelled).toMatchObject({
      status: 'CANCELLED',
      message:
        'Cancelled by user:default/bob: Terraform stopped during apply after finishing the operations in progress and saved its state.',
    });
    const log = await h.runs.fullLog(run.id);
    expect(log).toContain('Interrupt received');
    expect(log).not.toContain('Two interrupts received');
    // What finished before the interrupt is in the state, and the lock is gone.
    expect(createdResources(h, 'cancel-me')).toEqual(['terraform_data.first']);
    expect(
      fs.existsSync(
        path.join(h.workDir('cancel-me'), '.terraform.tfstate.lock.info'),
      ),
    ).toBe(false);
    // The apply had started: the environment is between states.
    expect((await h.environments.get('cancel-me'))?.status).toBe('FAILED');
  });

  it('reports the lock a killed terraform leaves, refuses force-unlock while it runs, and converges after force-unlock', async () => {
    const { harness: h, releaseFile } = await hangingEnvironment(
      'SQLITE_3',
      'killed',
    );
    const run = await h.engine.startRun(
      'killed',
      { operation: 'apply' },
      'user:default/ada',
    );
    await h.waitForLog(run.id, /terraform_data\.gate: Provisioning with/);
    const pid = (await h.runs.get(run.id))!.pid!;
    expect(pid).toBeGreaterThan(0);
    const lockInfoFile = path.join(
      h.workDir('killed'),
      '.terraform.tfstate.lock.info',
    );
    const lockId = JSON.parse(fs.readFileSync(lockInfoFile, 'utf8')).ID;

    await expect(
      h.engine.forceUnlock('killed', lockId, 'user:default/root'),
    ).rejects.toThrow(
      /^Environment killed has a Terraform process running \(run [0-9a-f-]+, pid \d+\); force-unlock would break the lock it holds\./,
    );

    process.kill(pid, 'SIGKILL');
    const failed = await h.waitFor(run.id, [
      'FAILED',
      'CANCELLED',
      'SUCCEEDED',
    ]);
    expect(failed).toMatchObject({ status: 'FAILED', lockId });
    expect(failed.exitCode).toBeUndefined();
    expect(failed.message).toBe(
      `terraform apply was killed by SIGKILL and left state lock ${lockId} of environment killed. A local state lock ends with its process, so the next run takes it over; an administrator can also clear it with force-unlock. Check the log and plan again.`,
    );
    expect(createdResources(h, 'killed')).toEqual(['terraform_data.first']);

    const unlocked = await h.engine.forceUnlock(
      'killed',
      lockId,
      'user:default/root',
    );
    expect(unlocked.message).toMatch(
      /^No process holds lock .* any more .*; removed the lock information it left behind\.$/,
    );
    expect(fs.existsSync(lockInfoFile)).toBe(false);
    await expect(
      h.engine.forceUnlock('killed', lockId, 'user:default/root'),
    ).rejects.toThrow(/force-unlock failed .*not locked/i);

    fs.writeFileSync(releaseFile, '');
    const rerun = await h.run('killed', 'apply');
    expect(rerun.status).toBe('SUCCEEDED');
    expect(resourceNames(h, 'killed')).toEqual([
      'terraform_data.first',
      'terraform_data.gate',
    ]);
  });

  it('converges on its own after a killed terraform left a local lock', async () => {
    const { harness: h, releaseFile } = await hangingEnvironment(
      'SQLITE_3',
      'killed-again',
    );
    const run = await h.engine.startRun(
      'killed-again',
      { operation: 'apply' },
      'user:default/ada',
    );
    await h.waitForLog(run.id, /terraform_data\.gate: Provisioning with/);
    process.kill((await h.runs.get(run.id))!.pid!, 'SIGKILL');
    const failed = await h.waitFor(run.id, ['FAILED']);
    expect(failed.lockId).toBeDefined();

    fs.writeFileSync(releaseFile, '');
    const rerun = await h.run('killed-again', 'apply');
    expect(rerun.status).toBe('SUCCEEDED');
    expect(await h.environments.get('killed-again')).toMatchObject({
      status: 'READY',
      outputs: { environment_name: 'killed-again' },
    });
  });

  it('fails with the lock ID when the state lock is held, and waits for it with a lock timeout', async () => {
    const { harness: h, releaseFile } = await hangingEnvironment(
      'SQLITE_3',
      'locked',
    );
    fs.writeFileSync(releaseFile, '');
    expect((await h.run('locked', 'apply')).status).toBe('SUCCEEDED');

    // Someone runs Terraform by hand in the working directory and holds the
    // lock while its provisioner waits for a second gate.
    const holderGate = path.join(h.dataDir, 'holder-gate');
    releaseFiles.push(holderGate);
    const holder = spawn(
      'terraform',
      ['apply', '-auto-approve', '-input=false', '-no-color'],
      {
        cwd: h.workDir('locked'),
        env: {
          ...testInheritedEnv(),
          TF_IN_AUTOMATION: '1',
          TF_DATA_DIR: path.join(h.workDir('locked'), '.terraform'),
          TF_VAR_name: 'locked',
          TF_VAR_release_file: holderGate,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let holderOutput = '';
    holder.stdout.on('data', d => (holderOutput += d));
    holder.stderr.on('data', d => (holderOutput += d));
    const holderExited = new Promise(resolve => holder.on('close', resolve));
    const lockInfoFile = path.join(
      h.workDir('locked'),
      '.terraform.tfstate.lock.info',
    );
    const deadline = Date.now() + 30_000;
    while (!/gate: Provisioning with/.test(holderOutput)) {
      if (Date.now() > deadline) throw new Error(holderOutput);
      await new Promise(r => setTimeout(r, 50));
    }
    const lockId = JSON.parse(fs.readFileSync(lockInfoFile, 'utf8')).ID;

    const refused = await h.run('locked', 'plan');
    expect(refused).toMatchObject({ status: 'FAILED', lockId, exitCode: 1 });
    expect(refused.message).toMatch(
      new RegExp(
        `^terraform plan could not acquire the state lock of environment locked: lock ${lockId} \\(held by .+, for Apply, since .+\\) is held\\. If no Terraform process is still working on this environment, an administrator can release it with POST /environments/locked/force-unlock \\{"lockId":"${lockId}"\\}\\.$`,
      ),
    );
    // Nothing changed: the environment keeps its status.
    expect((await h.environments.get('locked'))?.status).toBe('READY');
    // The hand-started Terraform is alive: force-unlock would break its lock.
    await expect(
      h.engine.forceUnlock('locked', lockId, 'user:default/root'),
    ).rejects.toThrow(
      new RegExp(
        `^Environment locked has a Terraform process running \\(pid ${holder.pid}, working in the environment's directory\\); force-unlock would break the lock it holds\\.`,
      ),
    );

    // With a lock timeout, the run waits for the holder instead.
    h.settings.lockTimeoutSeconds = 30;
    const waiting = await h.engine.startRun(
      'locked',
      { operation: 'plan' },
      'user:default/ada',
    );
    await h.waitForLog(waiting.id, /Acquiring state lock/);
    fs.writeFileSync(holderGate, '');
    await holderExited;
    const done = await h.waitFor(waiting.id, ['SUCCEEDED', 'FAILED']);
    expect(done.status).toBe('SUCCEEDED');
  });

  it('interrupts a run when the backend shuts down, and Terraform saves its state', async () => {
    const { harness: h } = await hangingEnvironment('SQLITE_3', 'shutdown');
    const run = await h.engine.startRun(
      'shutdown',
      { operation: 'apply' },
      'user:default/ada',
    );
    await h.waitForLog(run.id, /terraform_data\.gate: Provisioning with/);
    await h.engine.stop();
    expect(await h.engine.getRun(run.id)).toMatchObject({
      status: 'INTERRUPTED',
      message: INTERRUPTED_BY_SHUTDOWN,
    });
    expect(createdResources(h, 'shutdown')).toEqual(['terraform_data.first']);
  });

  it.each(databases.eachSupportedId())(
    'marks runs a previous backend left RUNNING as INTERRUPTED, but not those of a live replica, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const first = await createHarness(knex);
      harnesses.push(first);
      await first.engine.stop();
      await first.createEnvironment('restarted');
      await first.createEnvironment('elsewhere');
      await first.environments.update('restarted', { status: 'PROVISIONING' });
      const now = new Date().toISOString();
      await knex('videogen_terraform_runs').insert([
        {
          id: '00000000-0000-4000-8000-000000000001',
          environment: 'restarted',
          operation: 'apply',
          status: 'RUNNING',
          requested_by: 'user:default/ada',
          created_at: now,
          started_at: now,
        },
        {
          id: '00000000-0000-4000-8000-000000000002',
          environment: 'elsewhere',
          operation: 'plan',
          status: 'RUNNING',
          requested_by: 'user:default/ada',
          created_at: now,
          started_at: now,
          owner: 'other-host:1234',
          heartbeat_at: now,
        },
      ]);

      const second = await createHarness(knex, {
        migrate: false,
        engine: {
          instanceId: 'this-host:5678',
          timings: {
            heartbeatMs: 100,
            staleAfterMs: 1_500,
            drainPollMs: 50,
            terminateWaitMs: 1_000,
            shutdownWaitMs: 1_000,
          },
        },
      });
      harnesses.push(second);

      expect(
        await second.engine.getRun('00000000-0000-4000-8000-000000000001'),
      ).toMatchObject({
        status: 'INTERRUPTED',
        message: INTERRUPTED_BY_RESTART,
        finishedAt: expect.any(String),
      });
      expect(await second.environments.get('restarted')).toMatchObject({
        status: 'FAILED',
      });
      // The other replica still reports: its run is left alone ...
      expect(
        (await second.engine.getRun('00000000-0000-4000-8000-000000000002'))
          .status,
      ).toBe('RUNNING');
      // ... until it stops reporting.
      const stale = await second.waitFor(
        '00000000-0000-4000-8000-000000000002',
        ['INTERRUPTED'],
        10_000,
      );
      expect(stale.message).toBe(
        'The backend instance running this run (other-host:1234) stopped reporting; Terraform may have left a state lock: check the log and plan again.',
      );
      // The slot is free again.
      expect((await second.run('restarted', 'plan')).status).toBe('SUCCEEDED');
    },
  );

  it("fails a run whose apply fails, with Terraform's error, and the environment FAILED", async () => {
    const h = await createHarness(await databases.init('SQLITE_3'), {
      settings: { environmentsDir: fixtureRoots('failing') },
    });
    harnesses.push(h);
    await h.createEnvironment('broken');
    const run = await h.run('broken', 'apply');
    expect(run).toMatchObject({ status: 'FAILED', exitCode: 1 });
    expect(run.message).toMatch(
      /^terraform apply failed \(exit code 1\): local-exec provisioner error: .*exit status 3/,
    );
    expect((await h.environments.get('broken'))?.status).toBe('FAILED');
    // The slot is free again.
    expect((await h.run('broken', 'plan')).status).toBe('SUCCEEDED');
  });

  it('reports a missing terraform binary in a sentence', async () => {
    const h = await createHarness(await databases.init('SQLITE_3'), {
      settings: { binary: '/nonexistent/terraform' },
    });
    harnesses.push(h);
    await h.createEnvironment('nobinary');
    const run = await h.run('nobinary', 'plan');
    expect(run.status).toBe('FAILED');
    expect(run.message).toMatch(
      /^Could not start Terraform \(\/nonexistent\/terraform\): .*ENOENT.*Install Terraform or set videogen\.terraform\.binary\.$/,
    );
  });
});
