import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  createHarness,
  FakeDrain,
  Harness,
  testInheritedEnv,
} from './__testUtils__/harness';
import { STALE_PLAN } from './messages';

jest.setTimeout(120_000);

/**
 * The run engine against the real terraform binary and the repository's
 * local root (terraform/environments/local), on SQLite and PostgreSQL.
 */
describe('RunEngine with the local root', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  let harness: Harness | undefined;

  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it.each(databases.eachSupportedId())(
    'plans, applies, reads outputs, finds no changes, and destroys on %p',
    async databaseId => {
      const drain = new FakeDrain();
      const events: unknown[] = [];
      harness = await createHarness(await databases.init(databaseId), {
        engine: {
          drain,
          events: {
            publish: async (e: { eventPayload: unknown }) => {
              events.push(e.eventPayload);
            },
            subscribe: async () => {},
          },
        },
      });
      const h = harness;
      await h.createEnvironment('dev');

      const plan = await h.run('dev', 'plan');
      expect(plan).toMatchObject({
        status: 'SUCCEEDED',
        operation: 'plan',
        requestedBy: 'user:default/ada',
        planSummary: { add: 3, change: 0, destroy: 0 },
        hasChanges: true,
        message: 'Plan: 3 to add, 0 to change, 0 to destroy.',
      });
      // A plan never applies.
      expect(await h.environments.get('dev')).toMatchObject({ status: 'NEW' });
      expect(
        fs.existsSync(path.join(h.workDir('dev'), 'terraform.tfstate')),
      ).toBe(false);

      const apply = await h.run('dev', 'apply');
      expect(apply).toMatchObject({
        status: 'SUCCEEDED',
        planSummary: { add: 3, change: 0, destroy: 0 },
        exitCode: 0,
      });
      const storage = path.join(h.dataDir, 'storage');
      const outputs = {
        environment_name: 'dev',
        region: 'local',
        job_queue_name: 'dev-jobs',
        storage_path: storage,
        uploads_bucket: `${storage}/uploads`,
        videos_bucket: `${storage}/videos`,
        worker_slots: 2,
      };
      expect(apply.outputs).toEqual(outputs);
      expect(await h.environments.get('dev')).toMatchObject({
        status: 'READY',
        outputs,
        lastRunId: apply.id,
      });
      // The saved plan is gone once the run is over (it holds variable values).
      expect(fs.readdirSync(path.join(h.workDir('dev'), 'plans'))).toEqual([]);

      const again = await h.run('dev', 'plan');
      expect(again).toMatchObject({
        status: 'SUCCEEDED',
        hasChanges: false,
        planSummary: { add: 0, change: 0, destroy: 0 },
        message: 'No changes: the infrastructure matches the configuration.',
      });

      const destroy = await h.run('dev', 'destroy');
      expect(destroy).toMatchObject({
        status: 'SUCCEEDED',
        planSummary: { add: 0, change: 0, destroy: 3 },
        message: 'Destroyed environment dev.',
      });
      expect(drain.calls).toEqual(['disable dev']);
      expect(await h.environments.get('dev')).toMatchObject({
        status: 'DESTROYED',
        outputs: {},
      });

      const log = await h.engine.readLog(destroy.id, 0);
      expect(log.complete).toBe(true);
      expect(log.text).toContain('terraform_data.environment: Destroying...');
      expect(log.text).toContain('$ terraform -chdir=');
      expect(log.nextOffset).toBe(destroy.logSize);

      const history = await h.engine.listRuns('dev');
      expect(history.map(r => r.operation)).toEqual([
        'destroy',
        'plan',
        'apply',
        'plan',
      ]);
      expect(events).toEqual(
        expect.arrayContaining([
          {
            environment: 'dev',
            runId: apply.id,
            status: 'PROVISIONING',
            runStatus: 'RUNNING',
          },
          {
            environment: 'dev',
            runId: apply.id,
            status: 'READY',
            runStatus: 'SUCCEEDED',
          },
          {
            environment: 'dev',
            runId: destroy.id,
            status: 'DESTROYING',
            runStatus: 'RUNNING',
          },
          {
            environment: 'dev',
            runId: destroy.id,
            status: 'DESTROYED',
            runStatus: 'SUCCEEDED',
          },
        ]),
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'waits for approval, holds the slot meanwhile, and applies exactly the saved plan when approved on %p',
    async databaseId => {
      harness = await createHarness(await databases.init(databaseId));
      const h = harness;
      await h.createEnvironment('gated', { requireApproval: true });

      const started = await h.engine.startRun(
        'gated',
        { operation: 'apply' },
        'user:default/ada',
      );
      const waiting = await h.waitFor(started.id, ['AWAITING_APPROVAL']);
      expect(waiting).toMatchObject({
        planSummary: { add: 3, change: 0, destroy: 0 },
        hasChanges: true,
        message: `Waiting for approval to apply 3 to add, 0 to change, 0 to destroy: an approver other than the person who started it approves it (POST /runs/${started.id}/approve) or cancels it.`,
      });
      expect(waiting.finishedAt).toBeUndefined();
      expect((await h.environments.get('gated'))?.status).toBe('NEW');
      const planFiles = fs.readdirSync(path.join(h.workDir('gated'), 'plans'));
      expect(planFiles).toEqual([`${started.id}.tfplan`]);

      await expect(
        h.engine.startRun('gated', { operation: 'plan' }, 'user:default/bob'),
      ).rejects.toThrow(
        `Environment gated has run ${
          started.id
        } (apply) started by user:default/ada at ${started.createdAt.replace(
          /\.\d{3}Z$/,
          'Z',
        )}, which is waiting for approval; approve or cancel it first.`,
      );

      const approved = await h.engine.approve(started.id, 'user:default/bob');
      expect(approved).toMatchObject({
        status: 'RUNNING',
        approvedBy: 'user:default/bob',
      });
      await expect(
        h.engine.approve(started.id, 'user:default/bob'),
      ).rejects.toThrow(/is not waiting for approval/);
      await h.engine.settle(started.id);
      const done = await h.engine.getRun(started.id);
      expect(done).toMatchObject({
        status: 'SUCCEEDED',
        approvedBy: 'user:default/bob',
        message: 'Applied: 3 to add, 0 to change, 0 to destroy.',
        outputs: expect.objectContaining({ environment_name: 'gated' }),
      });
      expect((await h.environments.get('gated'))?.status).toBe('READY');
      const log = await h.engine.readLog(started.id, 0);
      expect(log.complete).toBe(true);
      expect(log.text).toMatch(
        /Plan: 3 to add[\s\S]*Approved by user:default\/bob[\s\S]*Apply complete! Resources: 3 added/,
      );
      expect(log.text).toContain(`${started.id}.tfplan`);

      // Nothing to change: no approval needed.
      const noop = await h.run('gated', 'apply');
      expect(noop).toMatchObject({ status: 'SUCCEEDED', hasChanges: false });
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses to approve a plan whose environment changed since, and cancels a pending approval, on %p',
    async databaseId => {
      harness = await createHarness(await databases.init(databaseId));
      const h = harness;
      await h.createEnvironment('moved', { requireApproval: true });

      const first = await h.engine.startRun(
        'moved',
        { operation: 'apply' },
        'user:default/ada',
      );
      await h.waitFor(first.id, ['AWAITING_APPROVAL']);
      // Another run changed the environment's state after this plan.
      await h.environments.update('moved', { stateChanged: true });
      await expect(
        h.engine.approve(first.id, 'user:default/bob'),
      ).rejects.toThrow(
        `Run ${first.id} cannot be approved: environment moved changed after its plan was made, so the saved plan is stale. Start a new apply to plan again.`,
      );
      expect(await h.engine.getRun(first.id)).toMatchObject({
        status: 'FAILED',
      });

      const second = await h.engine.startRun(
        'moved',
        { operation: 'apply' },
        'user:default/ada',
      );
      await h.waitFor(second.id, ['AWAITING_APPROVAL']);
      const cancelled = await h.engine.cancel(second.id, 'user:default/bob');
      expect(cancelled).toMatchObject({
        status: 'CANCELLED',
        message:
          'Cancelled by user:default/bob before approval; nothing was applied.',
      });
      expect(fs.readdirSync(path.join(h.workDir('moved'), 'plans'))).toEqual(
        [],
      );
      await expect(
        h.engine.cancel(second.id, 'user:default/bob'),
      ).rejects.toThrow(/has already finished \(status CANCELLED\)/);
      expect((await h.run('moved', 'plan')).status).toBe('SUCCEEDED');
    },
  );

  it('reports a saved plan that Terraform refuses as stale', async () => {
    harness = await createHarness(await databases.init('SQLITE_3'));
    const h = harness;
    await h.createEnvironment('stale', { requireApproval: true });
    const run = await h.engine.startRun(
      'stale',
      { operation: 'apply' },
      'user:default/ada',
    );
    await h.waitFor(run.id, ['AWAITING_APPROVAL']);

    // Someone applies by hand in the working directory meanwhile.
    const manual = spawnSync(
      'terraform',
      ['apply', '-auto-approve', '-input=false', '-no-color'],
      {
        cwd: h.workDir('stale'),
        env: {
          ...testInheritedEnv(),
          TF_DATA_DIR: path.join(h.workDir('stale'), '.terraform'),
          TF_VAR_name: 'stale',
          TF_VAR_storage_path: '/tmp/elsewhere',
        },
        encoding: 'utf8',
      },
    );
    expect(manual.status).toBe(0);

    await h.engine.approve(run.id, 'user:default/bob');
    await h.engine.settle(run.id);
    expect(await h.engine.getRun(run.id)).toMatchObject({
      status: 'FAILED',
      message: STALE_PLAN,
    });
    expect(await h.runs.fullLog(run.id)).toContain('Saved plan is stale');
    // Terraform changed nothing: the environment keeps its status.
    expect((await h.environments.get('stale'))?.status).toBe('NEW');
  });

  it('records drift from a scheduled refresh-only plan of a READY environment', async () => {
    harness = await createHarness(await databases.init('SQLITE_3'));
    const h = harness;
    await h.createEnvironment('drifty');
    // Only aws environments are checked by default.
    expect(await h.engine.checkDrift()).toEqual([]);
    expect((await h.run('drifty', 'apply')).status).toBe('SUCCEEDED');

    const [clean] = await h.engine.checkDrift(['local']);
    expect(await h.engine.getRun(clean.runId!)).toMatchObject({
      operation: 'plan',
      requestedBy: 'system:drift',
      status: 'SUCCEEDED',
      hasChanges: false,
      message: 'No drift: the infrastructure matches the Terraform state.',
    });
    expect(await h.runs.fullLog(clean.runId!)).toMatch(
      /\$ terraform .* plan .*-refresh-only -out=/,
    );
    expect((await h.environments.get('drifty'))?.drift).toEqual({
      drifted: false,
      checkedAt: expect.any(String),
      message: 'No drift: the infrastructure matches the Terraform state.',
    });

    // The state loses track of everything: a plain plan would create it all
    // again, but nothing changed outside Terraform, so that is no drift.
    fs.rmSync(path.join(h.workDir('drifty'), 'terraform.tfstate'));
    expect(await h.run('drifty', 'plan')).toMatchObject({ hasChanges: true });
    const [again] = await h.engine.checkDrift(['local']);
    expect(await h.engine.getRun(again.runId!)).toMatchObject({
      hasChanges: false,
    });
    expect((await h.environments.get('drifty'))?.drift).toMatchObject({
      drifted: false,
    });
    // A drift check is a plan: the environment stays READY.
    expect((await h.environments.get('drifty'))?.status).toBe('READY');
  });

  it('skips the drift check of aws environments without a Terraform state, without a run', async () => {
    harness = await createHarness(await databases.init('SQLITE_3'));
    const h = harness;
    // Built in: READY at once, never applied, and no state bucket here.
    await h.environments.ensureBuiltIn({
      name: 'builtin-aws',
      target: 'aws',
      region: 'eu-west-1',
      variables: {},
    });
    expect(await h.engine.checkDrift()).toEqual([]);
    expect(await h.runs.list('builtin-aws', { limit: 10 })).toEqual([]);
    expect(h.logger.debug.mock.calls.map(call => call[0])).toEqual([
      'Drift check of environment builtin-aws skipped: it has no state bucket and videogen.terraform.stateBucket is not configured, so it has no Terraform state.',
    ]);
  });

  it('refuses to destroy a built-in environment and to run on a destroyed one', async () => {
    harness = await createHarness(await databases.init('SQLITE_3'));
    const h = harness;
    await h.environments.ensureBuiltIn({
      name: 'local',
      target: 'local',
      region: 'local',
      variables: {},
    });
    await expect(
      h.engine.startRun('local', { operation: 'destroy' }, 'user:default/ada'),
    ).rejects.toThrow(
      'Environment local is built in (declared in videogen.environments), so it cannot be destroyed; remove it from the configuration instead.',
    );
    await h.createEnvironment('gone');
    await h.environments.update('gone', { status: 'DESTROYED' });
    await expect(
      h.engine.startRun('gone', { operation: 'plan' }, 'user:default/ada'),
    ).rejects.toThrow(
      'Environment gone was destroyed; create it again (POST /environments) to provision it anew.',
    );
    await expect(
      h.engine.startRun('nope', { operation: 'plan' }, 'user:default/ada'),
    ).rejects.toThrow('There is no environment named "nope".');

    // An aws environment cannot run without somewhere to keep its state.
    await h.environments.create({
      name: 'cloudy',
      target: 'aws',
      region: 'eu-west-1',
      variables: {},
      requireApproval: true,
      createdBy: 'user:default/ada',
    });
    expect(await h.run('cloudy', 'plan')).toMatchObject({
      status: 'FAILED',
      message:
        "The run failed: Environment cloudy has no state bucket and videogen.terraform.stateBucket is not configured: aws environments keep their Terraform state in S3 (bootstrap one with videogen:state:bootstrap and pass its bucket, or configure one; stateRegion is that bucket's region).",
    });
  });

  describe('drains the job queue before a destroy', () => {
    it('fails the destroy and enables the queue again when jobs outlast the timeout', async () => {
      const drain = new FakeDrain();
      harness = await createHarness(await databases.init('SQLITE_3'), {
        engine: { drain },
      });
      const h = harness;
      await h.createEnvironment('busy');
      drain.jobs.set('busy', 2);
      const run = await h.run('busy', 'destroy', { drainTimeoutSeconds: 0 });
      expect(run).toMatchObject({
        status: 'FAILED',
        message:
          '2 job(s) of environment busy were still running after 0 s, so nothing was destroyed and the queue takes jobs again. Wait for them to finish, or destroy with terminateRunningJobs: true.',
      });
      expect(drain.calls).toEqual(['disable busy', 'enable busy']);
      // Nothing was destroyed: the environment is as it was.
      expect((await h.environments.get('busy'))?.status).toBe('NEW');
    });

    it('terminates the jobs after the timeout when asked to, then destroys', async () => {
      const drain = new FakeDrain();
      harness = await createHarness(await databases.init('SQLITE_3'), {
        engine: { drain },
      });
      const h = harness;
      await h.createEnvironment('stubborn');
      drain.jobs.set('stubborn', 1);
      const run = await h.run('stubborn', 'destroy', {
        drainTimeoutSeconds: 0,
        terminateRunningJobs: true,
      });
      expect(run).toMatchObject({
        status: 'SUCCEEDED',
        message: 'Environment stubborn had nothing left to destroy.',
      });
      expect(drain.calls).toEqual([
        'disable stubborn',
        `terminate stubborn: Environment stubborn is being destroyed (run ${run.id}).`,
      ]);
      expect((await h.environments.get('stubborn'))?.status).toBe('DESTROYED');
    });

    it('waits for running jobs to finish within the timeout', async () => {
      const drain = new FakeDrain();
      harness = await createHarness(await databases.init('SQLITE_3'), {
        engine: { drain },
      });
      const h = harness;
      await h.createEnvironment('patient');
      drain.jobs.set('patient', 1);
      const run = await h.engine.startRun(
        'patient',
        { operation: 'destroy', drainTimeoutSeconds: 30 },
        'user:default/ada',
      );
      await h.waitForLog(run.id, /Waiting for 1 running job/);
      expect((await h.environments.get('patient'))?.status).toBe('DESTROYING');
      drain.jobs.set('patient', 0);
      expect((await h.waitFor(run.id, ['SUCCEEDED', 'FAILED'])).status).toBe(
        'SUCCEEDED',
      );
      expect(drain.calls).toEqual(['disable patient']);
    });

    it('stops draining when cancelled, and enables the queue again', async () => {
      const drain = new FakeDrain();
      harness = await createHarness(await databases.init('SQLITE_3'), {
        engine: { drain },
      });
      const h = harness;
      await h.createEnvironment('changed-mind');
      drain.jobs.set('changed-mind', 1);
      const run = await h.engine.startRun(
        'changed-mind',
        { operation: 'destroy', drainTimeoutSeconds: 600 },
        'user:default/ada',
      );
      await h.waitForLog(run.id, /Waiting for 1 running job/);
      await h.engine.cancel(run.id, 'user:default/bob');
      expect(await h.waitFor(run.id, ['CANCELLED'])).toMatchObject({
        message:
          'Cancelled by user:default/bob before Terraform changed anything.',
      });
      expect(drain.calls).toEqual([
        'disable changed-mind',
        'enable changed-mind',
      ]);
      expect((await h.environments.get('changed-mind'))?.status).toBe('NEW');
    });
  });
});
