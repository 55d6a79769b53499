import fs from 'node:fs/promises';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  Environment,
  EnvironmentTarget,
} from '@videogen/plugin-videogen-common';
import { TerraformSettings } from '../terraform/config';
import { SecretScrubber } from '../terraform/output';
import {
  AwsCredentials,
  TerraformWorkspace,
} from '../terraform/TerraformWorkspace';
import { RunLog } from './RunLog';
import { RunPatch, RunRecord, RunStore } from './RunStore';

/** What one execution of a run works with. */
export type RunContext = {
  env: Environment;
  workspace: TerraformWorkspace;
  credentials?: AwsCredentials;
  scrubber: SecretScrubber;
  log: RunLog;
};

/** AWS credentials for an aws environment, when the backend has them. */
export async function awsCredentialsFor(
  target: EnvironmentTarget,
  awsCredentials: (() => Promise<AwsCredentials | undefined>) | undefined,
): Promise<AwsCredentials | undefined> {
  if (target !== 'aws' || !awsCredentials) return undefined;
  return awsCredentials();
}

/** Sets up runs' working directories, credentials, scrubbers and logs, and ends runs. */
export class RunContexts {
  constructor(
    private readonly options: {
      runs: RunStore;
      settings: TerraformSettings;
      logger: LoggerService;
      inheritedEnv: Record<string, string>;
      awsCredentials?: () => Promise<AwsCredentials | undefined>;
      /** Called after each write to a run's log. */
      onLogWrite: (runId: string) => void;
    },
  ) {}

  /** The context of a run, its log continuing at `logOffset`. */
  async prepare(
    record: RunRecord,
    env: Environment,
    logOffset: number,
  ): Promise<RunContext> {
    const { settings, inheritedEnv } = this.options;
    const workspace = new TerraformWorkspace(settings, env);
    let credentials: AwsCredentials | undefined;
    let credentialsError: string | undefined;
    try {
      credentials = await awsCredentialsFor(
        env.target,
        this.options.awsCredentials,
      );
    } catch (error) {
      credentialsError = String(error);
    }
    const scrubber = new SecretScrubber(
      workspace.secrets(inheritedEnv, credentials),
    );
    const log = new RunLog(this.options.runs, record.id, {
      maxBytes: settings.maxLogBytes,
      scrubber,
      startOffset: logOffset,
      onWrite: () => this.options.onLogWrite(record.id),
    });
    if (credentialsError) {
      log.line(
        `[videogen] Could not get AWS credentials from the backend's AWS integration (${credentialsError}); Terraform looks for credentials itself.`,
      );
    }
    return { env, workspace, credentials, scrubber, log };
  }

  /** Ends a run: log flushed first, then the final status. */
  async finish(
    context: RunContext,
    record: RunRecord,
    patch: RunPatch,
  ): Promise<void> {
    try {
      await context.log.close();
    } catch (error) {
      this.options.logger.warn(
        `Could not store the whole log of Terraform run ${record.id}: ${error}`,
      );
    }
    await this.options.runs.update(record.id, {
      ...patch,
      message:
        patch.message === undefined || patch.message === null
          ? patch.message
          : context.scrubber.scrub(patch.message),
      finishedAt: new Date().toISOString(),
      planFile: null,
      owner: null,
      pid: null,
    });
    await fs.rm(context.workspace.planFile(record.id), { force: true });
  }
}
