import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  Environment,
  ForceUnlockResponse,
} from '@videogen/plugin-videogen-common';
import { TerraformSettings } from '../terraform/config';
import { AwsCredentials } from '../terraform/TerraformWorkspace';
import { releaseStateLock } from './forceUnlock';
import { InitMutex } from './InitMutex';
import { awsCredentialsFor } from './runContext';

/**
 * Force-unlocks environments' Terraform state, one unlock per environment
 * at a time, refused while a Terraform process works on the environment.
 */
export class StateUnlocker {
  private readonly unlocking = new Set<string>();

  constructor(
    private readonly options: {
      settings: TerraformSettings;
      inheritedEnv: Record<string, string>;
      awsCredentials?: () => Promise<AwsCredentials | undefined>;
      initMutex: InitMutex;
      logger: LoggerService;
      /** Describes a live Terraform process of the environment, if any (see liveTerraform). */
      findLiveTerraform: (environment: string) => Promise<string | undefined>;
    },
  ) {}

  /** Whether the environment is being force-unlocked (no run may start). */
  isUnlocking(environment: string): boolean {
    return this.unlocking.has(environment);
  }

  /** Releases a lock (`terraform force-unlock -force`). */
  async unlock(
    env: Environment,
    lockId: string,
    by: string,
  ): Promise<ForceUnlockResponse> {
    const busy = await this.options.findLiveTerraform(env.name);
    if (busy) {
      throw new ConflictError(
        `Environment ${env.name} has a Terraform process running (${busy}); force-unlock would break the lock it holds. Cancel the run and wait for it to stop first.`,
      );
    }
    if (this.unlocking.has(env.name)) {
      throw new ConflictError(
        `Environment ${env.name} is already being force-unlocked.`,
      );
    }
    this.unlocking.add(env.name);
    try {
      const message = await releaseStateLock({
        settings: this.options.settings,
        environment: env,
        lockId,
        inheritedEnv: this.options.inheritedEnv,
        credentials: await awsCredentialsFor(
          env.target,
          this.options.awsCredentials,
        ),
        serializeInit: fn => this.options.initMutex.run(fn),
      });
      this.options.logger.info(
        `force-unlock of environment ${env.name}, lock ${lockId}, by ${by}: ${message}`,
      );
      return { environment: env.name, lockId, message };
    } finally {
      this.unlocking.delete(env.name);
    }
  }
}
