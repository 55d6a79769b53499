import fs from 'node:fs/promises';
import { ConflictError } from '@backstage/errors';
import { TerraformSettings } from '../terraform/config';
import { SecretScrubber } from '../terraform/output';
import { TerraformExit, TerraformProcess } from '../terraform/TerraformProcess';
import {
  AwsCredentials,
  TerraformWorkspace,
  WorkspaceEnvironment,
} from '../terraform/TerraformWorkspace';
import { describeFailure } from './messages';

/** Terraform's lock information file of a local state, if there is one. */
export async function readLockInfo(
  file: string,
): Promise<{ ID?: string } | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * `terraform init` and `terraform force-unlock -force <lockId>` in the
 * environment's working directory. Returns what was released, as a
 * sentence; throws a ConflictError with Terraform's reason otherwise.
 *
 * A local state lock lives as long as the Terraform process that took it,
 * so after that process was killed Terraform answers "not locked" and only
 * its lock information file is left: that file is removed when its ID is
 * the one asked for.
 */
export async function releaseStateLock(options: {
  settings: TerraformSettings;
  environment: WorkspaceEnvironment;
  lockId: string;
  inheritedEnv: Record<string, string>;
  credentials?: AwsCredentials;
  /** Runs `init` one at a time when a plugin cache is shared. */
  serializeInit: (fn: () => Promise<TerraformExit>) => Promise<TerraformExit>;
}): Promise<string> {
  const { settings, environment, lockId, inheritedEnv, credentials } = options;
  const workspace = new TerraformWorkspace(settings, environment);
  const scrubber = new SecretScrubber(
    workspace.secrets(inheritedEnv, credentials),
  );
  const lines: string[] = [];
  const run = (args: string[]) =>
    TerraformProcess.start({
      binary: settings.binary,
      args,
      cwd: workspace.dir,
      env: workspace.processEnv(inheritedEnv, credentials),
      onLine: line => lines.push(scrubber.scrub(line)),
    }).exited;
  const failure = (step: string, exit: TerraformExit) =>
    new ConflictError(
      describeFailure({
        environment: environment.name,
        step,
        binary: settings.binary,
        exit,
        output: lines.join('\n'),
      }).message,
    );

  await workspace.prepare();
  const init = await options.serializeInit(() => run(workspace.initArgs()));
  if (init.exitCode !== 0) throw failure('init', init);
  lines.length = 0;

  const unlock = await run(workspace.forceUnlockArgs(lockId));
  if (unlock.exitCode === 0) {
    return `Released state lock ${lockId} of environment ${environment.name}.`;
  }
  if (/not locked/i.test(lines.join('\n')) && workspace.lockInfoFile) {
    const info = await readLockInfo(workspace.lockInfoFile);
    if (info?.ID === lockId) {
      await fs.rm(workspace.lockInfoFile, { force: true });
      return `No process holds lock ${lockId} of environment ${environment.name} any more (a local state lock ends with the Terraform process that took it); removed the lock information it left behind.`;
    }
  }
  throw failure('force-unlock', unlock);
}
