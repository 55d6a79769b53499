import { EnvironmentDrain } from '../environments/drain';
import { TerraformSettings } from '../terraform/config';
import { ActiveRun } from './activeRuns';
import { drainQueue } from './drainQueue';
import { RunContext } from './runContext';
import { RunStopped, throwIfCancelled } from './runOutcome';
import { RunRecord } from './RunStore';

/**
 * Drains the environment's job queue before a destroy (see drainQueue);
 * throws RunStopped when jobs outlast the run's limits.
 */
export async function drainBeforeDestroy(
  options: {
    drain?: EnvironmentDrain;
    settings: TerraformSettings;
    timings: { drainPollMs: number; terminateWaitMs: number };
  },
  active: ActiveRun,
  context: RunContext,
  record: RunRecord,
): Promise<void> {
  const { log, env } = context;
  const { drain, settings, timings } = options;
  if (!drain) {
    log.line(
      '[videogen] No job queue is connected to the run engine; destroying without draining.',
    );
    return;
  }
  const problem = await drainQueue({
    drain,
    environment: env.name,
    reason: `Environment ${env.name} is being destroyed (run ${record.id}).`,
    timeoutSeconds:
      record.options.drainTimeoutSeconds ?? settings.drainTimeoutSeconds,
    terminate:
      record.options.terminateRunningJobs ?? settings.terminateRunningJobs,
    pollMs: timings.drainPollMs,
    terminateWaitMs: timings.terminateWaitMs,
    say: line => log.line(`[videogen] ${line}`),
    checkCancelled: () => throwIfCancelled(active),
    setWake: wake => {
      active.wake = wake;
    },
  });
  if (problem) throw new RunStopped({ status: 'FAILED', message: problem });
}

/** Lets the queue take jobs again after a destroy that did not go ahead. */
export async function reenableQueue(
  drain: EnvironmentDrain | undefined,
  context: RunContext,
): Promise<void> {
  const { env, log } = context;
  if (!drain) return;
  try {
    await drain.enable(env.name);
    log.line(`[videogen] The job queue of ${env.name} takes jobs again.`);
  } catch (enableError) {
    log.line(
      `[videogen] Could not enable the job queue of ${env.name} again: ${enableError}`,
    );
  }
}
