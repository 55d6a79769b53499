import {
  Environment,
  EnvironmentLifecycle,
  PlanSummary,
} from '@videogen/plugin-videogen-common';
import { EnvironmentDrain } from '../environments/drain';
import { EnvironmentStore } from '../environments/EnvironmentStore';
import { TerraformSettings } from '../terraform/config';
import { describePlan, parseOutputs, summarizePlan } from '../terraform/output';
import { ActiveRun } from './activeRuns';
import { drainQueue } from './drainQueue';
import { DRIFT_CHECK_REQUESTER, recordDrift } from './driftCheck';
import { EnvironmentStatusUpdater } from './EnvironmentStatusUpdater';
import { RunPhase } from './environmentStatus';
import { INTERRUPTED_BY_SHUTDOWN } from './messages';
import { RunContext, RunContexts } from './runContext';
import {
  outcomeOfError,
  RunOutcome,
  RunStopped,
  throwIfCancelled,
} from './runOutcome';
import { RunRecord, RunStore } from './RunStore';
import { TerraformStepRunner } from './terraformStep';

export type RunExecutorOptions = {
  environments: EnvironmentStore;
  runs: RunStore;
  settings: TerraformSettings;
  /** The job queue, drained before a destroy. Without one, destroys skip the drain. */
  drain?: EnvironmentDrain;
  timings: { drainPollMs: number; terminateWaitMs: number };
  contexts: RunContexts;
  steps: TerraformStepRunner;
  status: EnvironmentStatusUpdater;
  /** Tells log followers that a run's status changed. */
  onStatusChange: (runId: string) => void;
};

/** How far an execution got, for what its end leaves behind. */
type Progress = {
  phase: Exclude<RunPhase, 'orphaned'>;
  /** The environment's status before the run. */
  previousStatus: EnvironmentLifecycle;
  /** The destroy disabled the job queue: enable it again unless it succeeds. */
  reenableQueue: boolean;
};

/** The saved plan the apply phase applies. */
type SavedPlan = {
  planFile: string;
  hasChanges: boolean;
  summary?: PlanSummary;
};

const now = () => new Date().toISOString();

/**
 * The run state machine: PENDING → RUNNING (drain, init, plan, show) → an
 * end, AWAITING_APPROVAL, or the apply phase (apply, output) → an end. Each
 * phase returns the run's outcome; one place records it.
 */
export class RunExecutor {
  constructor(private readonly options: RunExecutorOptions) {}

  /** Executes a new run from PENDING. */
  async execute(
    active: ActiveRun,
    record: RunRecord,
    env: Environment,
  ): Promise<void> {
    const context = await this.options.contexts.prepare(record, env, 0);
    active.scrubber = context.scrubber;
    const progress: Progress = {
      phase: 'plan',
      previousStatus: env.status,
      reenableQueue: false,
    };
    let outcome: RunOutcome | 'AWAITING_APPROVAL';
    try {
      const started = await this.options.runs.transition(
        record.id,
        ['PENDING'],
        { status: 'RUNNING', startedAt: now(), heartbeatAt: now() },
      );
      if (!started) return;
      this.options.onStatusChange(record.id);
      outcome = await this.planThenApply(active, context, record, progress);
    } catch (error) {
      outcome = outcomeOfError(error, context.scrubber);
    }
    if (outcome !== 'AWAITING_APPROVAL') {
      await this.conclude(active, context, record, outcome, progress);
    }
  }

  /** The apply phase of an approved run: the saved plan, exactly. */
  async executeApproved(active: ActiveRun, record: RunRecord): Promise<void> {
    const env = (await this.options.environments.get(record.environment))!;
    const context = await this.options.contexts.prepare(
      record,
      env,
      record.logSize,
    );
    active.scrubber = context.scrubber;
    const progress: Progress = {
      phase: 'apply',
      previousStatus: env.status,
      reenableQueue: false,
    };
    let outcome: RunOutcome;
    try {
      context.log.line(
        `[videogen] Approved by ${record.approvedBy}; applying the saved plan.`,
      );
      outcome = await this.applyPhase(active, context, record, progress, {
        planFile: record.planFile!,
        hasChanges: true,
        summary: record.planSummary,
      });
    } catch (error) {
      outcome = outcomeOfError(error, context.scrubber);
    }
    await this.conclude(active, context, record, outcome, progress);
  }

  private async planThenApply(
    active: ActiveRun,
    context: RunContext,
    record: RunRecord,
    progress: Progress,
  ): Promise<RunOutcome | 'AWAITING_APPROVAL'> {
    const { environments, runs, status } = this.options;
    const { log, workspace, env } = context;
    const steps = this.options.steps;
    log.line(
      `[videogen] ${record.operation} of environment ${env.name} (${env.target}, ${env.region}) requested by ${record.requestedBy}; run ${record.id}`,
    );
    await workspace.prepare();

    if (record.operation === 'destroy') {
      await status.publish(
        await status.set(record, {
          phase: 'plan',
          outcome: 'RUNNING',
          previous: progress.previousStatus,
        }),
      );
      progress.reenableQueue = true;
      await this.drainQueue(active, context, record);
    }

    await steps.run(active, context, 'init', workspace.initArgs(), {
      serialized: true,
    });

    const planFile = workspace.planFile(record.id);
    const planStateVersion = await environments.stateVersion(env.name);
    const plan = await steps.run(
      active,
      context,
      'plan',
      workspace.planArgs({
        out: planFile,
        destroy: record.operation === 'destroy',
      }),
      { okExitCodes: [0, 2] },
    );
    const hasChanges = plan.exitCode === 2;
    const show = await steps.run(
      active,
      context,
      'show',
      workspace.showJsonArgs(planFile),
      { captureStdout: true },
    );
    const summary = summarizePlan(show.stdout);
    await runs.update(record.id, {
      planSummary: summary,
      hasChanges,
      planFile,
      planStateVersion,
    });
    log.line(
      `[videogen] Plan: ${describePlan(summary)}${
        hasChanges ? '' : ' (no changes)'
      }.`,
    );

    if (record.operation === 'plan') {
      if (record.requestedBy === DRIFT_CHECK_REQUESTER) {
        await recordDrift(environments, env.name, {
          hasChanges,
          summary,
          showJson: show.stdout,
        });
      }
      return {
        status: 'SUCCEEDED',
        message: hasChanges
          ? `Plan: ${describePlan(summary)}.`
          : 'No changes: the infrastructure matches the configuration.',
        run: { exitCode: plan.exitCode },
      };
    }

    if (hasChanges && record.operation === 'apply' && env.requireApproval) {
      throwIfCancelled(active);
      await runs.update(record.id, { owner: null, pid: null });
      await log.close();
      await runs.transition(record.id, ['RUNNING'], {
        status: 'AWAITING_APPROVAL',
        exitCode: plan.exitCode,
        message: `Waiting for approval to apply ${describePlan(
          summary,
        )}: a user allowed to provision approves it (POST /runs/${
          record.id
        }/approve) or cancels it.`,
      });
      await status.publish(
        await status.set(record, {
          phase: 'plan',
          outcome: 'AWAITING_APPROVAL',
          previous: progress.previousStatus,
        }),
      );
      return 'AWAITING_APPROVAL';
    }

    progress.phase = 'apply';
    return this.applyPhase(active, context, record, progress, {
      planFile,
      hasChanges,
      summary,
    });
  }

  private async applyPhase(
    active: ActiveRun,
    context: RunContext,
    record: RunRecord,
    progress: Progress,
    plan: SavedPlan,
  ): Promise<RunOutcome> {
    const { workspace, env } = context;
    const { status, steps } = this.options;
    if (plan.hasChanges) {
      // From here on the state may change: a plan made before is stale.
      await status.publish(
        await status.set(
          record,
          {
            phase: 'apply',
            outcome: 'RUNNING',
            previous: progress.previousStatus,
          },
          { stateChanged: true },
        ),
      );
      throwIfCancelled(active);
      await steps.run(
        active,
        context,
        'apply',
        workspace.applyArgs(plan.planFile),
      );
    }
    active.committed = true;
    if (record.operation === 'destroy') {
      return {
        status: 'SUCCEEDED',
        message: plan.hasChanges
          ? `Destroyed environment ${env.name}.`
          : `Environment ${env.name} had nothing left to destroy.`,
        run: { exitCode: 0 },
        environmentOutputs: {},
      };
    }
    const output = await steps.run(
      active,
      context,
      'output',
      workspace.outputJsonArgs(),
      { captureStdout: true },
    );
    const outputs = context.scrubber.scrubValue(parseOutputs(output.stdout));
    return {
      status: 'SUCCEEDED',
      message: plan.hasChanges
        ? `Applied: ${describePlan(
            plan.summary ?? { add: 0, change: 0, destroy: 0 },
          )}.`
        : 'No changes: the infrastructure matches the configuration.',
      run: { exitCode: 0, outputs },
      environmentOutputs: outputs,
    };
  }

  /** Records how the run ended: environment, then the run, then the event. */
  private async conclude(
    active: ActiveRun,
    context: RunContext,
    record: RunRecord,
    outcome: RunOutcome,
    progress: Progress,
  ): Promise<void> {
    const { log } = context;
    let final = outcome;
    if (final.status !== 'SUCCEEDED') {
      if (active.shuttingDown) {
        final = {
          ...final,
          status: 'INTERRUPTED',
          message: INTERRUPTED_BY_SHUTDOWN,
        };
      }
      log.line(`[videogen] ${final.message}`);
      if (progress.reenableQueue) await this.reenableQueue(context);
    }
    // Terraform refusing the apply (stale plan, held lock) changed nothing.
    const phase =
      progress.phase === 'apply' && !final.nothingChanged ? 'apply' : 'plan';
    const change = await this.options.status.set(
      record,
      { phase, outcome: final.status, previous: progress.previousStatus },
      final.environmentOutputs ? { outputs: final.environmentOutputs } : {},
    );
    await this.options.contexts.finish(context, record, {
      status: final.status,
      message: final.message,
      ...final.run,
    });
    await this.options.status.publish(change);
  }

  /** Drains the environment's job queue before a destroy (see drainQueue). */
  private async drainQueue(
    active: ActiveRun,
    context: RunContext,
    record: RunRecord,
  ): Promise<void> {
    const { log, env } = context;
    const { drain, settings, timings } = this.options;
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

  private async reenableQueue(context: RunContext): Promise<void> {
    const { drain } = this.options;
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
}
