import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  Environment,
  EnvironmentTarget,
  Run,
} from '@videogen/plugin-videogen-common';
import { EnvironmentStore } from '../environments/EnvironmentStore';
import { TerraformSettings } from '../terraform/config';

/** `requestedBy` of the scheduled drift checks. */
export const DRIFT_CHECK_REQUESTER = 'system:drift';

export type DriftCheckResult = {
  environment: string;
  runId?: string;
  skipped?: string;
};

/**
 * Why an environment has no Terraform state to compare with the real
 * infrastructure, or undefined when it has one. Only aws environments are
 * asked: a built-in one is READY without ever being applied, and one without
 * a state bucket has nowhere to keep a state.
 */
export async function missingState(
  env: Environment,
  options: {
    environments: EnvironmentStore;
    settings: Pick<TerraformSettings, 'stateBucket'>;
  },
): Promise<string | undefined> {
  if (env.target !== 'aws') return undefined;
  if (!env.stateBucket && !options.settings.stateBucket) {
    return 'it has no state bucket and videogen.terraform.stateBucket is not configured, so it has no Terraform state';
  }
  const applied =
    Object.keys(env.outputs ?? {}).length > 0 ||
    (await options.environments.stateVersion(env.name)) > 0;
  return applied
    ? undefined
    : 'it was never applied by the run engine, so it has no Terraform state';
}

/**
 * Checks every READY environment of the given targets for drift, one after
 * the other, with a `plan` run requested by {@link DRIFT_CHECK_REQUESTER}
 * (a `terraform plan -refresh-only`); such a run records its finding with
 * {@link recordDrift}. Environments without a Terraform state are skipped
 * with a debug line and no run; those whose run slot is taken are skipped
 * with the reason in the result.
 */
export async function checkDrift(options: {
  environments: EnvironmentStore;
  settings: Pick<TerraformSettings, 'stateBucket'>;
  logger: LoggerService;
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
    const stateless = await missingState(env, options);
    if (stateless) {
      options.logger.debug(
        `Drift check of environment ${env.name} skipped: ${stateless}.`,
      );
      continue;
    }
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

type RefreshOnlyPlanJson = {
  resource_drift?: Array<{ address?: string; change?: { actions?: string[] } }>;
};

/**
 * What a refresh-only plan found, as a sentence: the resources changed or
 * deleted outside Terraform (`resource_drift` of `terraform show -json`).
 */
export function describeDrift(hasChanges: boolean, showJson: string): string {
  if (!hasChanges) {
    return 'No drift: the infrastructure matches the Terraform state.';
  }
  const drift =
    (JSON.parse(showJson) as RefreshOnlyPlanJson).resource_drift ?? [];
  const described = drift.map(resource => {
    const actions = resource.change?.actions ?? [];
    const how = actions.includes('delete') ? 'deleted' : 'changed';
    return `${resource.address ?? '?'} (${how})`;
  });
  const listed = described.slice(0, 20).join(', ');
  const more =
    described.length > 20 ? `, and ${described.length - 20} more` : '';
  return described.length
    ? `Changed outside Terraform: ${listed}${more}.`
    : 'The refresh-only plan found changes made outside Terraform; see the run log.';
}

/** Stores what a drift check's refresh-only plan found; returns it as a sentence. */
export async function recordDrift(
  environments: EnvironmentStore,
  environment: string,
  plan: {
    hasChanges: boolean;
    /** `terraform show -json` of the refresh-only plan. */
    showJson: string;
  },
): Promise<string> {
  const message = describeDrift(plan.hasChanges, plan.showJson);
  await environments.update(environment, {
    drift: {
      drifted: plan.hasChanges,
      checkedAt: new Date().toISOString(),
      message,
    },
  });
  return message;
}
