import {
  Environment,
  EnvironmentLifecycle,
} from '@videogen/plugin-videogen-common';
import { EnvironmentDrain } from '../environments/drain';
import { EnvironmentStore } from '../environments/EnvironmentStore';
import { EksManifestApplier } from '../kubernetes/eksManifestApplier';
import { TerraformSettings } from '../terraform/config';
import { describePlan } from '../terraform/output';
import { ActiveRun } from './activeRuns';
import {
  batchKubernetesPending,
  finishBatchOnEks,
} from './batchKubernetesStep';
import { drainBeforeDestroy, reenableQueue } from './destroyDrain';
import { DRIFT_CHECK_REQUESTER, recordDrift } from './driftCheck';
import { EnvironmentStatusUpdater } from './EnvironmentStatusUpdater';
import { RunPhase } from './environmentStatus';
import { INTERRUPTED_BY_SHUTDOWN } from './messages';
import { RunContext, RunContexts } from './runContext';
import { outcomeOfError, RunOutcome, throwIfCancelled } from './runOutcome';
import { RunRecord, RunStore } from './RunStore';
import { SavedPlan, TerraformPhases } from './terraformPhases';
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
  /** Applies the Batch namespace and RBAC to aws environments' clusters. */
  kubernetes: EksManifestApplier;
};

/** How far an execution got, for what its end leaves behind. */
type Progress = {
  phase: Exclude<RunPhase, 'orphaned'>;
  /** The environment's status before the run. */
  previousStatus: EnvironmentLifecycle;
  /** The destroy disabled the job queue: enable it again unless it succeeds. */
  reenableQueue: boolean;
};

const now = () => new Date().toISOString();

/**
 * The run state machine: PENDING → RUNNING (drain, init, plan, show) → an
 * end, AWAITING_APPROVAL, or the apply phase (apply, output, and for the
 * first provision of an aws environment: Kubernetes RBAC, plan, apply,
 * output) → an end. Each
 * phase returns the run's outcome; one place records it.
 */
export class RunExecutor {
  private readonly phases: TerraformPhases;

  constructor(private readonly options: RunExecutorOptions) {
    this.phases = new TerraformPhases(options.steps, options.status);
  }

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
      await drainBeforeDestroy(this.options, active, context, record);
    }

    await steps.run(active, context, 'init', workspace.initArgs(), {
      serialized: true,
    });

    const planStateVersion = await environments.stateVersion(env.name);
    const isDriftCheck =
      record.operation === 'plan' &&
      record.requestedBy === DRIFT_CHECK_REQUESTER;
    const plan = await this.phases.plan(active, context, record, {
      destroy: record.operation === 'destroy',
      refreshOnly: isDriftCheck,
    });
    const { planFile, hasChanges, summary } = plan;
    await runs.update(record.id, {
      planSummary: summary,
      hasChanges,
      planFile,
      planStateVersion,
    });

    if (isDriftCheck) {
      const message = await recordDrift(environments, env.name, {
        hasChanges,
        showJson: plan.showJson,
      });
      log.line(`[videogen] ${message}`);
      return { status: 'SUCCEEDED', message, run: { exitCode: plan.exitCode } };
    }
    log.line(
      `[videogen] Plan: ${describePlan(summary)}${
        hasChanges ? '' : ' (no changes)'
      }.`,
    );
    if (record.operation === 'plan') {
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
        )}: an approver other than the person who started it approves it (POST /runs/${
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
    const { env } = context;
    await this.phases.applySavedPlan(
      active,
      context,
      record,
      progress.previousStatus,
      plan,
    );
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
    let outputs = await this.phases.readOutputs(active, context);
    let message = plan.hasChanges
      ? `Applied: ${describePlan(
          plan.summary ?? { add: 0, change: 0, destroy: 0 },
        )}.`
      : 'No changes: the infrastructure matches the configuration.';
    if (batchKubernetesPending(context, record.operation, outputs)) {
      const finished = await finishBatchOnEks({
        phases: this.phases,
        applier: this.options.kubernetes,
        active,
        context,
        record,
        previousStatus: progress.previousStatus,
        outputs,
      });
      outputs = finished.outputs;
      message = `${message} ${finished.message}`;
    }
    return {
      status: 'SUCCEEDED',
      message,
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
    if (final.status === 'SUCCEEDED' && active.cancelledBy) {
      // Terraform finished the apply although asked to stop (or the request
      // came after it): say so in the log and the run's message.
      const note = `Cancellation requested by ${active.cancelledBy} came when the ${record.operation} was past the point of cancel; it completed.`;
      log.line(`[videogen] ${note}`);
      final = { ...final, message: `${final.message} ${note}` };
    }
    if (final.status !== 'SUCCEEDED') {
      if (active.shuttingDown) {
        final = {
          ...final,
          status: 'INTERRUPTED',
          message: INTERRUPTED_BY_SHUTDOWN,
        };
      }
      log.line(`[videogen] ${final.message}`);
      if (progress.reenableQueue) {
        await reenableQueue(this.options.drain, context);
      }
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
}
