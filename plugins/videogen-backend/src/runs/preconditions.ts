import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { Environment, RunOperation } from '@videogen/plugin-videogen-common';
import { EnvironmentStore } from '../environments/EnvironmentStore';
import { runSlotTaken } from './messages';
import { isUniqueViolation, RunRecord, RunStore } from './RunStore';

// The rules a request must meet that depend on stored state; the shape of
// requests is checked by the router.

export async function requireRun(
  runs: RunStore,
  id: string,
): Promise<RunRecord> {
  const run = await runs.get(id);
  if (!run) throw new NotFoundError(`There is no Terraform run ${id}.`);
  return run;
}

export async function requireEnvironment(
  environments: EnvironmentStore,
  name: string,
): Promise<Environment> {
  const env = await environments.get(name);
  if (!env) throw new NotFoundError(`There is no environment named "${name}".`);
  return env;
}

/** Throws a ConflictError when the environment cannot take this run now. */
export function assertCanStartRun(
  env: Environment,
  operation: RunOperation,
  state: { beingUnlocked: boolean },
) {
  if (env.status === 'DESTROYED') {
    throw new ConflictError(
      `Environment ${env.name} was destroyed; create it again (POST /environments) to provision it anew.`,
    );
  }
  if (operation === 'destroy' && env.builtIn) {
    throw new ConflictError(
      `Environment ${env.name} is built in (declared in videogen.environments), so it cannot be destroyed; remove it from the configuration instead.`,
    );
  }
  if (state.beingUnlocked) {
    throw new ConflictError(
      `Environment ${env.name} is being force-unlocked; try again in a moment.`,
    );
  }
}

/**
 * Inserts a PENDING run, or throws a ConflictError naming the run that
 * holds the environment's single slot (the database enforces it).
 */
export async function claimRunSlot(
  runs: RunStore,
  environment: string,
  run: Pick<RunRecord, 'operation' | 'requestedBy' | 'options'> & {
    owner: string;
  },
): Promise<RunRecord> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await runs.insert({ id: randomUUID(), environment, ...run });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const holder = await runs.activeRun(environment);
      if (holder) throw new ConflictError(runSlotTaken(environment, holder));
      // The holder finished between the insert and the look-up.
      if (attempt >= 2) throw error;
    }
  }
}

/**
 * Why a run waiting for approval cannot be applied any more, or undefined
 * when its saved plan still fits the environment.
 */
export async function approvalRefusal(
  record: RunRecord,
  env: Environment,
  stateVersion: number,
): Promise<string | undefined> {
  if (record.planStateVersion !== stateVersion) {
    return `Run ${record.id} cannot be approved: environment ${env.name} changed after its plan was made, so the saved plan is stale. Start a new apply to plan again.`;
  }
  if (!record.planFile || !(await exists(record.planFile))) {
    return `Run ${record.id} cannot be approved: its saved plan is not on this backend instance any more. Start a new apply to plan again.`;
  }
  return undefined;
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
