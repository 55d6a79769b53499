import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reservedVariables, TerraformWorkspace } from './TerraformWorkspace';
import { TerraformSettings } from './config';

const settings = (dataDir: string, environmentsDir: string): TerraformSettings => ({
  binary: 'terraform',
  environmentsDir,
  dataDir,
  cliConfigFile: '/repo/terraform/cli.tfrc',
  stateBucket: 'videogen-state',
  stateRegion: 'eu-west-1',
  lockTimeoutSeconds: 30,
  localWorkerSlots: 3,
  secretVariables: { db_password: 'secret-value' },
  maxLogBytes: 1 << 20,
  drainTimeoutSeconds: 300,
  terminateRunningJobs: false,
});

describe('TerraformWorkspace', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'videogen-ws-'));
    for (const target of ['local', 'aws']) {
      fs.mkdirSync(path.join(tmp, 'roots', target), { recursive: true });
      fs.writeFileSync(path.join(tmp, 'roots', target, 'main.tf'), '');
    }
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("keeps an aws environment's state in its own bucket, in its own region, when it has one", () => {
    const ws = new TerraformWorkspace(settings(path.join(tmp, 'data'), path.join(tmp, 'roots')), {
      name: 'prod-us-west-2',
      target: 'aws',
      region: 'us-west-2',
      variables: {},
      stateBucket: 'videogen-terraform-state-statebucket-1a2b3c',
    });
    expect(ws.initArgs().slice(-3)).toEqual([
      '-backend-config=key=videogen/prod-us-west-2/us-west-2/terraform.tfstate',
      '-backend-config=bucket=videogen-terraform-state-statebucket-1a2b3c',
      '-backend-config=region=us-west-2',
    ]);
  });

  it('runs an aws root in place with a per-environment S3 state key and data dir', () => {
    const ws = new TerraformWorkspace(settings(path.join(tmp, 'data'), path.join(tmp, 'roots')), {
      name: 'prod',
      target: 'aws',
      region: 'eu-central-1',
      variables: { az_count: 3, name: 'ignored', enable_cdn: true },
    });
    expect(ws.initArgs()).toEqual([
      `-chdir=${path.join(tmp, 'roots/aws')}`,
      'init',
      '-input=false',
      '-no-color',
      '-backend-config=key=videogen/prod/eu-central-1/terraform.tfstate',
      '-backend-config=bucket=videogen-state',
      '-backend-config=region=eu-west-1',
    ]);
    expect(ws.planArgs({ out: '/p.tfplan', destroy: true })).toEqual([
      `-chdir=${path.join(tmp, 'roots/aws')}`,
      'plan',
      '-input=false',
      '-no-color',
      '-detailed-exitcode',
      '-lock-timeout=30s',
      '-destroy',
      '-out=/p.tfplan',
    ]);
    const env = ws.processEnv(
      { PATH: '/bin', TF_VAR_name: 'sneaky', TF_CLI_ARGS: '-destroy', AWS_PROFILE: 'ops' },
      { accessKeyId: 'AKIA', secretAccessKey: 'aws-secret', sessionToken: 'tok' },
    );
    expect(env).toMatchObject({
      PATH: '/bin',
      AWS_PROFILE: 'ops',
      AWS_REGION: 'eu-central-1',
      AWS_ACCESS_KEY_ID: 'AKIA',
      AWS_SECRET_ACCESS_KEY: 'aws-secret',
      AWS_SESSION_TOKEN: 'tok',
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      TF_CLI_CONFIG_FILE: '/repo/terraform/cli.tfrc',
      TF_DATA_DIR: path.join(tmp, 'data/terraform/prod/.terraform'),
      TF_VAR_name: 'prod',
      TF_VAR_region: 'eu-central-1',
      TF_VAR_az_count: '3',
      TF_VAR_enable_cdn: 'true',
      TF_VAR_db_password: 'secret-value',
    });
    expect(env.TF_CLI_ARGS).toBeUndefined();
    expect(ws.secrets({}, { accessKeyId: 'AKIA', secretAccessKey: 'aws-secret', sessionToken: 'tok' })).toEqual(
      ['secret-value', 'aws-secret', 'tok'],
    );
  });

  it('passes batch_kubernetes_prepared to aws roots: true once the outputs show it, never from the user', () => {
    const workspace = (outputs?: Record<string, unknown>) =>
      new TerraformWorkspace(settings(path.join(tmp, 'data'), path.join(tmp, 'roots')), {
        name: 'prod',
        target: 'aws',
        region: 'eu-central-1',
        variables: { batch_kubernetes_prepared: true },
        outputs,
      });
    expect(reservedVariables('aws')).toContain('batch_kubernetes_prepared');
    expect(reservedVariables('local')).not.toContain('batch_kubernetes_prepared');
    expect(workspace().variables().batch_kubernetes_prepared).toBe('false');
    const unprepared = workspace({ batch_kubernetes_prepared: false });
    expect(unprepared.processEnv({}).TF_VAR_batch_kubernetes_prepared).toBe('false');
    const prepared = unprepared.withBatchKubernetesPrepared();
    expect(prepared.processEnv({}).TF_VAR_batch_kubernetes_prepared).toBe('true');
    expect(prepared.dir).toBe(unprepared.dir);
    expect(workspace({ batch_kubernetes_prepared: true }).variables().batch_kubernetes_prepared).toBe('true');
    // Local roots have no such variable.
    const local = new TerraformWorkspace(settings(path.join(tmp, 'data'), path.join(tmp, 'roots')), {
      name: 'dev',
      target: 'local',
      region: 'local',
      variables: {},
      outputs: { batch_kubernetes_prepared: true },
    });
    expect(local.variables().batch_kubernetes_prepared).toBeUndefined();
  });

  it('plans refresh-only for drift checks', () => {
    const ws = new TerraformWorkspace(settings(path.join(tmp, 'data'), path.join(tmp, 'roots')), {
      name: 'prod',
      target: 'aws',
      region: 'eu-central-1',
      variables: {},
    });
    expect(ws.planArgs({ out: '/p.tfplan', refreshOnly: true }).slice(2)).toEqual([
      '-input=false',
      '-no-color',
      '-detailed-exitcode',
      '-lock-timeout=30s',
      '-refresh-only',
      '-out=/p.tfplan',
    ]);
  });

  it('copies a local root into the working directory, where its state lives', async () => {
    const ws = new TerraformWorkspace(settings(path.join(tmp, 'data'), path.join(tmp, 'roots')), {
      name: 'dev',
      target: 'local',
      region: 'local',
      variables: {},
    });
    const dir = path.join(tmp, 'data/terraform/dev');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'removed.tf'), 'stale');
    await ws.prepare();
    expect(fs.readdirSync(dir).sort()).toEqual(['main.tf', 'plans']);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(ws.initArgs()).toEqual([`-chdir=${dir}`, 'init', '-input=false', '-no-color']);
    expect(ws.stateFile).toBe(path.join(dir, 'terraform.tfstate'));
    expect(ws.lockInfoFile).toBe(path.join(dir, '.terraform.tfstate.lock.info'));
    const env = ws.processEnv({ PATH: '/bin', AWS_SECRET_ACCESS_KEY: 'x' });
    expect(env).toMatchObject({
      TF_VAR_name: 'dev',
      TF_VAR_storage_path: path.join(tmp, 'data/storage'),
      TF_VAR_worker_slots: '3',
    });
    expect(env.AWS_SECRET_ACCESS_KEY).toBeUndefined();
    expect(env.TF_VAR_region).toBeUndefined();
  });

  it('says which directory is missing when the roots are not there', async () => {
    const ws = new TerraformWorkspace(settings(path.join(tmp, 'data'), path.join(tmp, 'nowhere')), {
      name: 'dev',
      target: 'local',
      region: 'local',
      variables: {},
    });
    await expect(ws.prepare()).rejects.toThrow(
      /nowhere\/local does not exist; check videogen\.terraform\.environmentsDir/,
    );
  });
});
