import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Config, readDurationFromConfig } from '@backstage/config';
import { HumanDuration } from '@backstage/types';
import { readMilliseconds } from '../config/values';
import { MIN_SCRUBBED_SECRET_LENGTH } from './output';
import { defaultEnvironmentsDir } from './packagedRoots';

/** Everything the run engine reads from `videogen.terraform` (and `videogen.dataDir`). */
export type TerraformSettings = {
  /** The terraform binary (a path, or a name on PATH). */
  binary: string;
  /** Absolute directory holding the root modules `local/` and `aws/`. */
  environmentsDir: string;
  /** Absolute `videogen.dataDir`; working directories live in `<dataDir>/terraform/<env>`. */
  dataDir: string;
  /** Absolute path of the Terraform CLI configuration, when configured. */
  cliConfigFile?: string;
  /** `plugin_cache_dir` of that CLI configuration, when it sets one. */
  pluginCacheDir?: string;
  /** S3 bucket and region of the aws environments' Terraform state. */
  stateBucket?: string;
  stateRegion?: string;
  /** `-lock-timeout`: how long Terraform waits for a held state lock. */
  lockTimeoutSeconds: number;
  /** `worker_slots` of local environments: the local queue's `videogen.queue.local.workers`. */
  localWorkerSlots: number;
  /** Secret Terraform variables (name → value), passed as TF_VAR_<name>. */
  secretVariables: Record<string, string>;
  /** Largest log kept per run, in bytes (head and tail, the middle dropped). */
  maxLogBytes: number;
  /** How often aws environments are checked for drift; undefined disables it. */
  driftCheckInterval?: HumanDuration;
  /** Destroy: default wait for running jobs after the queue is disabled. */
  drainTimeoutSeconds: number;
  /** Destroy: default for terminating jobs still running after the wait. */
  terminateRunningJobs: boolean;
  /** AWS account whose credentials aws runs get (integration-aws-node); default: the main account. */
  awsAccountId?: string;
};

export const TERRAFORM_DEFAULTS = {
  binary: 'terraform',
  dataDir: '.data',
  lockTimeoutSeconds: 30,
  maxLogBytes: 1024 * 1024,
  driftCheckInterval: { hours: 6 } as HumanDuration,
  drainTimeoutSeconds: 300,
  terminateRunningJobs: false,
};

/** Most a destroy may wait for running jobs, whatever the request asks. */
export const MAX_DRAIN_TIMEOUT_SECONDS = 3600;

// Terraform variable names: an identifier.
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

/**
 * Reads `plugin_cache_dir` from a Terraform CLI configuration file (HCL).
 * Terraform refuses to use a cache directory that does not exist, so the
 * engine creates it.
 */
export function readPluginCacheDir(cliConfigFile: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(cliConfigFile, 'utf8');
  } catch {
    return undefined;
  }
  const withoutComments = text
    .split('\n')
    .map(line => line.replace(/(^|\s)(#|\/\/).*$/, ''))
    .join('\n');
  const match = /^\s*plugin_cache_dir\s*=\s*"([^"]+)"/m.exec(withoutComments);
  if (!match) return undefined;
  const dir = match[1].replace(/^~(?=\/|$)/, os.homedir());
  return path.resolve(path.dirname(cliConfigFile), dir);
}

/**
 * Reads the run engine's settings. Relative paths are resolved against
 * `cwd` (the backend's working directory).
 */
export function readTerraformSettings(
  config: Config,
  options: { cwd: string; warn?: (message: string) => void },
): TerraformSettings {
  const { cwd } = options;
  const tf = config.getOptionalConfig('videogen.terraform');
  const resolve = (p: string) => path.resolve(cwd, p);

  const cliConfigFile = tf?.getOptionalString('cliConfigFile');
  const secretConfig = tf?.getOptionalConfig('secretVariables');
  const secretVariables: Record<string, string> = {};
  for (const key of secretConfig?.keys() ?? []) {
    if (!VARIABLE_NAME.test(key)) {
      throw new Error(
        `videogen.terraform.secretVariables: "${key}" is not a Terraform variable name.`,
      );
    }
    const value = String(secretConfig!.get(key));
    if (value.length < MIN_SCRUBBED_SECRET_LENGTH) {
      options.warn?.(
        `videogen.terraform.secretVariables.${key} is shorter than ${MIN_SCRUBBED_SECRET_LENGTH} characters, too short to be scrubbed from Terraform logs reliably.`,
      );
    }
    secretVariables[key] = value;
  }

  let driftCheckInterval: HumanDuration | undefined =
    TERRAFORM_DEFAULTS.driftCheckInterval;
  if (tf?.has('driftCheckInterval')) {
    driftCheckInterval =
      tf.getOptional('driftCheckInterval') === false
        ? undefined
        : readDurationFromConfig(tf, { key: 'driftCheckInterval' });
  }

  const positive = (key: string, fallback: number, { min = 0 } = {}) => {
    const value = tf?.getOptionalNumber(key) ?? fallback;
    if (!Number.isFinite(value) || value < min) {
      throw new Error(
        `videogen.terraform.${key} must be a number of at least ${min}.`,
      );
    }
    return value;
  };

  // Durations (`{ seconds: 30 }`, `'30s'`, `'PT30S'`); the engine counts seconds.
  const seconds = (key: string, fallbackSeconds: number) =>
    readMilliseconds(config, `videogen.terraform.${key}`, fallbackSeconds * 1000) /
    1000;

  const resolvedCliConfig = cliConfigFile ? resolve(cliConfigFile) : undefined;
  return {
    binary: tf?.getOptionalString('binary') ?? TERRAFORM_DEFAULTS.binary,
    // An override; by default the roots shipped with this package.
    environmentsDir: tf?.has('environmentsDir')
      ? resolve(tf.getString('environmentsDir'))
      : defaultEnvironmentsDir(),
    dataDir: resolve(
      config.getOptionalString('videogen.dataDir') ?? TERRAFORM_DEFAULTS.dataDir,
    ),
    cliConfigFile: resolvedCliConfig,
    pluginCacheDir: resolvedCliConfig
      ? readPluginCacheDir(resolvedCliConfig)
      : undefined,
    stateBucket: tf?.getOptionalString('stateBucket'),
    stateRegion: tf?.getOptionalString('stateRegion'),
    lockTimeoutSeconds: seconds(
      'lockTimeout',
      TERRAFORM_DEFAULTS.lockTimeoutSeconds,
    ),
    // The same number of workers the local queue starts (its default too),
    // within the 1-64 the local root accepts.
    localWorkerSlots: Math.min(
      64,
      Math.max(
        1,
        Math.floor(
          config.getOptionalNumber('videogen.queue.local.workers') ??
            os.cpus().length - 1,
        ),
      ),
    ),
    secretVariables,
    maxLogBytes: positive('maxLogBytes', TERRAFORM_DEFAULTS.maxLogBytes, {
      min: 4096,
    }),
    driftCheckInterval,
    drainTimeoutSeconds: Math.min(
      seconds('drainTimeout', TERRAFORM_DEFAULTS.drainTimeoutSeconds),
      MAX_DRAIN_TIMEOUT_SECONDS,
    ),
    terminateRunningJobs:
      tf?.getOptionalBoolean('terminateRunningJobs') ??
      TERRAFORM_DEFAULTS.terminateRunningJobs,
    awsAccountId: tf?.getOptionalString('awsAccountId'),
  };
}
