import fs from 'node:fs/promises';
import path from 'node:path';
import { EnvironmentTarget } from '@videogen/plugin-videogen-common';
import { TerraformSettings } from './config';

/** What the workspace needs to know about an environment. */
export type WorkspaceEnvironment = {
  name: string;
  target: EnvironmentTarget;
  region: string;
  variables: Record<string, string | number | boolean>;
  /** An aws environment's own state bucket, in its region. */
  stateBucket?: string;
  /** `terraform output -json` values of the last successful apply. */
  outputs?: Record<string, unknown>;
};

/** AWS credentials handed to Terraform through its environment. */
export type AwsCredentials = {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
};

/**
 * Terraform variables the engine sets itself; an environment's own
 * variables may not override them.
 */
export function reservedVariables(target: EnvironmentTarget): string[] {
  return target === 'local'
    ? ['name', 'region', 'storage_path', 'worker_slots']
    : ['name', 'region', 'batch_kubernetes_prepared'];
}

/**
 * Whether an aws environment's cluster has the Batch namespace and RBAC:
 * its outputs say so once the run engine applied them and the second apply
 * created the Batch compute environment. From then on every run passes
 * `batch_kubernetes_prepared = true`; false would plan to destroy the
 * compute environment and job queue.
 */
export function batchKubernetesPrepared(
  environment: Pick<WorkspaceEnvironment, 'outputs'>,
): boolean {
  return environment.outputs?.batch_kubernetes_prepared === true;
}

// Files of a root module that make up its configuration.
const CONFIG_FILE = /(\.tf|\.tf\.json)$|^\.terraform\.lock\.hcl$/;

/**
 * The per-environment working directory `<dataDir>/terraform/<env>` and the
 * Terraform command lines run in it.
 *
 * - `local` environments keep their state in that directory
 *   (`terraform.tfstate`, and `.terraform.tfstate.lock.info` while locked).
 *   The root module (built-in resources only, no module calls) is copied into
 *   it before each run, so every command, `force-unlock` included, finds the
 *   state where Terraform looks by default.
 * - `aws` environments run the root in place (`-chdir`), with their own
 *   `TF_DATA_DIR` in the working directory; the state is in S3 under
 *   `videogen/<env>/<region>/terraform.tfstate`, locked with S3's native
 *   lockfile.
 *
 * Saved plans are `plans/<runId>.tfplan` in the working directory. They hold
 * variable values (secrets too), so the directory is private to the backend's
 * user and plans are deleted when their run ends.
 */
export class TerraformWorkspace {
  readonly dir: string;
  readonly rootDir: string;
  readonly configDir: string;
  readonly terraformDataDir: string;

  constructor(
    private readonly settings: TerraformSettings,
    readonly environment: WorkspaceEnvironment,
  ) {
    this.dir = path.join(settings.dataDir, 'terraform', environment.name);
    this.rootDir = path.join(settings.environmentsDir, environment.target);
    this.configDir = environment.target === 'local' ? this.dir : this.rootDir;
    this.terraformDataDir = path.join(this.dir, '.terraform');
  }

  /** The local state file, for local environments. */
  get stateFile(): string | undefined {
    return this.environment.target === 'local'
      ? path.join(this.dir, 'terraform.tfstate')
      : undefined;
  }

  /** Where Terraform describes the lock of a local state while it holds it. */
  get lockInfoFile(): string | undefined {
    return this.environment.target === 'local'
      ? path.join(this.dir, '.terraform.tfstate.lock.info')
      : undefined;
  }

  planFile(runId: string): string {
    return path.join(this.dir, 'plans', `${runId}.tfplan`);
  }

  /**
   * Where an aws environment's state lives: its own bucket (bootstrapped in
   * its region) or the backend's configured one.
   */
  get stateBackend(): { bucket?: string; region?: string } {
    if (this.environment.stateBucket) {
      return {
        bucket: this.environment.stateBucket,
        region: this.environment.region,
      };
    }
    return {
      bucket: this.settings.stateBucket,
      region: this.settings.stateRegion,
    };
  }

  /** The S3 key of an aws environment's state. */
  get stateKey(): string {
    return `videogen/${this.environment.name}/${this.environment.region}/terraform.tfstate`;
  }

  /** Creates the working directory and, for local roots, refreshes the copy of the root. */
  async prepare(): Promise<void> {
    if (this.environment.target === 'aws' && !this.stateBackend.bucket) {
      throw new Error(
        `Environment ${this.environment.name} has no state bucket and videogen.terraform.stateBucket is not configured: aws environments keep their Terraform state in S3 (bootstrap one with videogen:state:bootstrap and pass its bucket, or configure one; stateRegion is that bucket's region).`,
      );
    }
    await fs.mkdir(path.join(this.dir, 'plans'), {
      recursive: true,
      mode: 0o700,
    });
    await fs.chmod(this.dir, 0o700);
    if (this.settings.pluginCacheDir) {
      await fs.mkdir(this.settings.pluginCacheDir, { recursive: true });
    }
    let rootFiles: string[];
    try {
      rootFiles = (await fs.readdir(this.rootDir)).filter(f =>
        CONFIG_FILE.test(f),
      );
    } catch {
      throw new Error(
        `The Terraform root module ${this.rootDir} does not exist; check videogen.terraform.environmentsDir.`,
      );
    }
    if (!rootFiles.some(f => /\.tf(\.json)?$/.test(f))) {
      throw new Error(
        `${this.rootDir} contains no Terraform configuration (*.tf); check videogen.terraform.environmentsDir.`,
      );
    }
    if (this.configDir !== this.dir) return;
    for (const stale of await fs.readdir(this.dir)) {
      if (CONFIG_FILE.test(stale) && !rootFiles.includes(stale)) {
        await fs.rm(path.join(this.dir, stale), { force: true });
      }
    }
    for (const file of rootFiles) {
      await fs.copyFile(path.join(this.rootDir, file), path.join(this.dir, file));
    }
  }

  /**
   * This workspace for the apply that follows the Batch namespace and RBAC:
   * the same environment with `batch_kubernetes_prepared = true`.
   */
  withBatchKubernetesPrepared(): TerraformWorkspace {
    return new TerraformWorkspace(this.settings, {
      ...this.environment,
      outputs: { ...this.environment.outputs, batch_kubernetes_prepared: true },
    });
  }

  private command(subcommand: string, args: string[]): string[] {
    return [`-chdir=${this.configDir}`, subcommand, ...args];
  }

  private get lockTimeout(): string {
    return `-lock-timeout=${this.settings.lockTimeoutSeconds}s`;
  }

  initArgs(): string[] {
    const args = ['-input=false', '-no-color'];
    if (this.environment.target === 'aws') {
      args.push(`-backend-config=key=${this.stateKey}`);
      const { bucket, region } = this.stateBackend;
      if (bucket) {
        args.push(`-backend-config=bucket=${bucket}`);
      }
      if (region) {
        args.push(`-backend-config=region=${region}`);
      }
    }
    return this.command('init', args);
  }

  planArgs(options: {
    out?: string;
    destroy?: boolean;
    /** Only compare the state with the real infrastructure (drift checks). */
    refreshOnly?: boolean;
  }): string[] {
    const args = [
      '-input=false',
      '-no-color',
      '-detailed-exitcode',
      this.lockTimeout,
    ];
    if (options.destroy) args.push('-destroy');
    if (options.refreshOnly) args.push('-refresh-only');
    if (options.out) args.push(`-out=${options.out}`);
    return this.command('plan', args);
  }

  showJsonArgs(planFile: string): string[] {
    return this.command('show', ['-json', '-no-color', planFile]);
  }

  applyArgs(planFile: string): string[] {
    return this.command('apply', [
      '-input=false',
      '-no-color',
      this.lockTimeout,
      planFile,
    ]);
  }

  outputJsonArgs(): string[] {
    return this.command('output', ['-json', '-no-color']);
  }

  forceUnlockArgs(lockId: string): string[] {
    return this.command('force-unlock', ['-force', '-no-color', lockId]);
  }

  /** Terraform input variables of the environment, by name. */
  variables(): Record<string, string> {
    const { environment, settings } = this;
    const variables: Record<string, string> = {};
    const reserved = reservedVariables(environment.target);
    for (const [name, value] of Object.entries(environment.variables)) {
      if (!reserved.includes(name)) variables[name] = String(value);
    }
    variables.name = environment.name;
    if (environment.target === 'aws') {
      variables.region = environment.region;
      variables.batch_kubernetes_prepared = String(
        batchKubernetesPrepared(environment),
      );
    } else {
      variables.storage_path = path.join(settings.dataDir, 'storage');
      variables.worker_slots = String(settings.localWorkerSlots);
    }
    return { ...variables, ...settings.secretVariables };
  }

  /**
   * The child's whole environment. `inherited` comes from the backend's own
   * environment (PATH, HOME, proxies, AWS profile settings); Terraform's own
   * switches, the variables and the credentials are added here, never on the
   * command line.
   */
  processEnv(
    inherited: Record<string, string>,
    awsCredentials?: AwsCredentials,
  ): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(inherited)) {
      // Settings from the backend's environment must not change what the
      // engine runs: no stray TF_VAR_/TF_CLI_ARGS, and no AWS identity for
      // local roots.
      if (/^TF_/.test(key)) continue;
      if (this.environment.target === 'local' && /^AWS_/.test(key)) continue;
      env[key] = value;
    }
    env.TF_IN_AUTOMATION = '1';
    env.TF_INPUT = '0';
    env.CHECKPOINT_DISABLE = '1';
    env.TF_DATA_DIR = this.terraformDataDir;
    if (this.settings.cliConfigFile) {
      env.TF_CLI_CONFIG_FILE = this.settings.cliConfigFile;
    }
    if (this.settings.pluginCacheDir) {
      env.TF_PLUGIN_CACHE_DIR = this.settings.pluginCacheDir;
    }
    if (this.environment.target === 'aws') {
      env.AWS_REGION = this.environment.region;
      if (awsCredentials) {
        env.AWS_ACCESS_KEY_ID = awsCredentials.accessKeyId;
        env.AWS_SECRET_ACCESS_KEY = awsCredentials.secretAccessKey;
        if (awsCredentials.sessionToken) {
          env.AWS_SESSION_TOKEN = awsCredentials.sessionToken;
        } else {
          delete env.AWS_SESSION_TOKEN;
        }
      }
    }
    for (const [name, value] of Object.entries(this.variables())) {
      env[`TF_VAR_${name}`] = value;
    }
    return env;
  }

  /** Values that must never appear in a stored log, message or output. */
  secrets(
    inherited: Record<string, string>,
    awsCredentials?: AwsCredentials,
  ): string[] {
    return terraformSecrets(this.settings, inherited, awsCredentials);
  }
}

/**
 * The secrets Terraform gets through its environment: secret variables,
 * the backend's own AWS keys, and credentials from the AWS integration.
 */
export function terraformSecrets(
  settings: Pick<TerraformSettings, 'secretVariables'>,
  inherited: Record<string, string>,
  awsCredentials?: AwsCredentials,
): string[] {
  return [
    ...Object.values(settings.secretVariables),
    inherited.AWS_SECRET_ACCESS_KEY,
    inherited.AWS_SESSION_TOKEN,
    awsCredentials?.secretAccessKey,
    awsCredentials?.sessionToken,
  ].filter((s): s is string => Boolean(s));
}
