import {
  EnvironmentLifecycle,
  PlanSummary,
} from '@videogen/plugin-videogen-common';
import { parseOutputs, summarizePlan } from '../terraform/output';
import { ActiveRun } from './activeRuns';
import { EnvironmentStatusUpdater } from './EnvironmentStatusUpdater';
import { RunContext } from './runContext';
import { throwIfCancelled } from './runOutcome';
import { RunRecord } from './RunStore';
import { TerraformStepRunner } from './terraformStep';

/** The saved plan the apply phase applies. */
export type SavedPlan = {
  planFile: string;
  hasChanges: boolean;
  summary?: PlanSummary;
};

/** A plan just made, read back with `terraform show -json`. */
export type MadePlan = SavedPlan & {
  summary: PlanSummary;
  exitCode: number | null;
  showJson: string;
};

/** The Terraform steps runs are made of: plan and show, apply, output. */
export class TerraformPhases {
  constructor(
    private readonly steps: TerraformStepRunner,
    private readonly status: EnvironmentStatusUpdater,
  ) {}

  /** Plans into the run's plan file and reads the plan back. */
  async plan(
    active: ActiveRun,
    context: RunContext,
    record: RunRecord,
    options: { destroy?: boolean; refreshOnly?: boolean },
  ): Promise<MadePlan> {
    const { workspace } = context;
    const planFile = workspace.planFile(record.id);
    const plan = await this.steps.run(
      active,
      context,
      'plan',
      workspace.planArgs({ out: planFile, ...options }),
      { okExitCodes: [0, 2] },
    );
    const show = await this.steps.run(
      active,
      context,
      'show',
      workspace.showJsonArgs(planFile),
      { captureStdout: true },
    );
    return {
      planFile,
      hasChanges: plan.exitCode === 2,
      summary: summarizePlan(show.stdout),
      exitCode: plan.exitCode,
      showJson: show.stdout,
    };
  }

  /**
   * Applies a saved plan that has changes. The environment shows the apply
   * first: from then on the state may change, so a plan made before is stale.
   */
  async applySavedPlan(
    active: ActiveRun,
    context: RunContext,
    record: RunRecord,
    previousStatus: EnvironmentLifecycle,
    plan: SavedPlan,
  ): Promise<void> {
    if (!plan.hasChanges) return;
    await this.status.publish(
      await this.status.set(
        record,
        { phase: 'apply', outcome: 'RUNNING', previous: previousStatus },
        { stateChanged: true },
      ),
    );
    throwIfCancelled(active);
    await this.steps.run(
      active,
      context,
      'apply',
      context.workspace.applyArgs(plan.planFile),
    );
  }

  /** `terraform output -json`, sensitive values left out, secrets scrubbed. */
  async readOutputs(
    active: ActiveRun,
    context: RunContext,
  ): Promise<Record<string, unknown>> {
    const output = await this.steps.run(
      active,
      context,
      'output',
      context.workspace.outputJsonArgs(),
      { captureStdout: true },
    );
    return context.scrubber.scrubValue(parseOutputs(output.stdout));
  }
}
