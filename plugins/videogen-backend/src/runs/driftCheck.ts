import { ConflictError } from '@backstage/errors';
import {
  EnvironmentTarget,
  PlanSummary,
  Run,
} from '@videogen/plugin-videogen-common';
import { EnvironmentStore } from '../environments/EnvironmentStore';
import { changedAddresses, describePlan } from '../terraform/output';

/** `requestedBy` of the scheduled drift checks. */
export const DRIFT_CHECK_REQUESTER = 'system:drift';

export type DriftCheckResult = {
  environment: string;
  runId?: string;
  skipped?: string;
};

/**
 * Plans every READY environment of the given targets, one after the other,
 * with a `plan` run requested by {@link DRIFT_CHECK_REQUESTER}; such a run
 * records its finding with {@link recordDrift}. Environments whose run slot
 * is taken are skipped.
 */
export async function checkDrift(options: {
  environments: EnvironmentStore;
  targets: EnvironmentTarget[];
  /** Whether the backend is shutting down (no new checks then). */
  isStopping: () => boolean;
  startPlan: (environment: string) => Promise<Run>;
  settle: (runId: string) => Promise<void>;
}): Promise<DriftCheckResult[]> {
  const results: DriftCheckResult[] = [];
  for (const env of await options.environments.list()) {
    if (!options.targets.includes(env.target) || env.status !== 'READY') {
      continue;
    }
    if (options.isStopping()) break;
    try {
      const run = await options.startPlan(env.name);
      await options.settle(run.id);
      results.push({ environment: env.name, runId: run.id });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      results.push({ environment: env.name, skipped: error.message });
    }
  }
  return results;
}

/** Stores what a drift check's plan found. */
export async function recordDrift(
  environments: EnvironmentStore,
  environment: string,
  plan: {
    hasChanges: boolean;
    summary: PlanSummary;
    /** `terraform show -json` of the plan. */
    showJson: string;
  },
): Promise<void> {
  const { hasChanges, summary, showJson } = plan;
  await environments.update(environment, {
    drift: {
      drifted: hasChanges,
      checkedAt: new Date().toISOString(),
      message: hasChanges
        ? `Terraform would change ${describePlan(summary)}: ${changedAddresses(
            showJson,
          )
            .slice(0, 20)
            .join(', ')}.`
        : 'No drift: the infrastructure matches the state and the configuration.',
    },
  });
}
