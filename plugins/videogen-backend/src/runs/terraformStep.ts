import { TerraformSettings } from '../terraform/config';
import { TerraformExit, TerraformProcess } from '../terraform/TerraformProcess';
import { TerraformWorkspace } from '../terraform/TerraformWorkspace';
import { ActiveRun } from './activeRuns';
import { readLockInfo } from './forceUnlock';
import { InitMutex } from './InitMutex';
import { describeFailure, STALE_PLAN } from './messages';
import { RunContext } from './runContext';
import { RunStopped, throwIfCancelled } from './runOutcome';
import { RunStore } from './RunStore';

/** Output lines kept to explain a failed step. */
const KEPT_LINES = 400;

export type TerraformStepOptions = {
  /** Exit codes that mean success (default 0). */
  okExitCodes?: number[];
  /** Reads stdout (JSON) instead of logging it. */
  captureStdout?: boolean;
  /** Runs under the init mutex. */
  serialized?: boolean;
};

/** Runs a run's Terraform commands, one at a time, into its log. */
export class TerraformStepRunner {
  constructor(
    private readonly options: {
      settings: TerraformSettings;
      inheritedEnv: Record<string, string>;
      runs: RunStore;
      initMutex: InitMutex;
    },
  ) {}

  /**
   * Runs one Terraform command and returns how it exited; throws RunStopped
   * when it does not succeed (failed, refused, cancelled).
   */
  async run(
    active: ActiveRun,
    context: RunContext,
    step: string,
    args: string[],
    options: TerraformStepOptions = {},
  ): Promise<TerraformExit> {
    throwIfCancelled(active);
    const { settings, inheritedEnv, runs } = this.options;
    const { log, workspace, credentials, env, scrubber } = context;
    log.line(`$ ${settings.binary} ${args.join(' ')}`);
    const lines: string[] = [];
    const execute = async () => {
      const process = TerraformProcess.start({
        binary: settings.binary,
        args,
        cwd: workspace.dir,
        env: workspace.processEnv(inheritedEnv, credentials),
        captureStdout: options.captureStdout,
        onLine: line => {
          lines.push(log.line(line));
          if (lines.length > KEPT_LINES) {
            lines.splice(0, lines.length - KEPT_LINES);
          }
        },
      });
      active.process = process;
      // A cancel that arrived while the process was being started.
      // A cancel recorded after the apply committed must not stop the steps
      // that finish the run (outputs, the Batch-on-EKS second apply).
      if ((active.cancelledBy && !active.committed) || active.shuttingDown) {
        process.interrupt();
      }
      // The commands that lock the state are recorded, for force-unlock's
      // check that no Terraform of the environment is still alive.
      if (process.pid && (step === 'plan' || step === 'apply')) {
        await runs.update(active.id, { pid: process.pid });
      }
      try {
        return await process.exited;
      } finally {
        active.process = undefined;
      }
    };
    const exit = options.serialized
      ? await this.options.initMutex.run(execute)
      : await execute();
    if (options.captureStdout) {
      log.line('[videogen] (JSON output read by the run engine; not shown)');
    }
    if (
      exit.exitCode !== null &&
      (options.okExitCodes ?? [0]).includes(exit.exitCode)
    ) {
      return exit;
    }
    const output = lines.join('\n');
    if (!active.committed && (active.cancelledBy || active.shuttingDown)) {
      const lockId = await leftLockId(workspace);
      throw new RunStopped({
        status: 'CANCELLED',
        message: `Cancelled by ${
          active.cancelledBy ?? 'the backend'
        }: Terraform stopped during ${step} after finishing the operations in progress and saved its state.`,
        run: { exitCode: exit.exitCode, lockId: lockId ?? null },
      });
    }
    const failure = describeFailure({
      environment: env.name,
      step,
      binary: settings.binary,
      exit,
      output: scrubber.scrub(output),
    });
    let lockId = failure.lockId;
    let message = failure.message;
    if (!lockId && exit.signal) {
      lockId = await leftLockId(workspace);
      if (lockId) {
        message = `terraform ${step} was killed by ${exit.signal} and left state lock ${lockId} of environment ${env.name}. A local state lock ends with its process, so the next run takes it over; an administrator can also clear it with force-unlock. Check the log and plan again.`;
      }
    }
    throw new RunStopped({
      status: 'FAILED',
      message,
      run: { exitCode: exit.exitCode, lockId: lockId ?? null },
      nothingChanged: Boolean(failure.lockId) || message === STALE_PLAN,
    });
  }
}

/** The lock a dead Terraform left on a local state, if any. */
async function leftLockId(
  workspace: TerraformWorkspace,
): Promise<string | undefined> {
  if (!workspace.lockInfoFile) return undefined;
  return (await readLockInfo(workspace.lockInfoFile))?.ID;
}
