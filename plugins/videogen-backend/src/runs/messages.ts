import { RunRecord } from './RunStore';
import { TerraformExit } from '../terraform/TerraformProcess';
import {
  firstError,
  isStalePlanError,
  LockInfo,
  parseLockInfo,
} from '../terraform/output';

/** An ISO timestamp without milliseconds, for sentences. */
export const shortTime = (timestamp: string) =>
  timestamp.replace(/\.\d{3}Z$/, 'Z');

/** The 409 sentence naming the run that holds an environment. */
export function runSlotTaken(environment: string, holder: RunRecord): string {
  const base = `Environment ${environment} has run ${holder.id} (${
    holder.operation
  }) started by ${holder.requestedBy} at ${shortTime(holder.createdAt)}`;
  return holder.status === 'AWAITING_APPROVAL'
    ? `${base}, which is waiting for approval; approve or cancel it first.`
    : `${base}; wait for it to finish or cancel it.`;
}

export const INTERRUPTED_BY_RESTART =
  'The backend restarted while this run was in progress; Terraform may have left a state lock: check the log and plan again.';

export const INTERRUPTED_BY_SHUTDOWN =
  'The backend shut down while this run was in progress; Terraform was asked to stop and save its state: check the log and plan again.';

export function staleRunMessage(owner: string | undefined): string {
  return `The backend instance running this run${
    owner ? ` (${owner})` : ''
  } stopped reporting; Terraform may have left a state lock: check the log and plan again.`;
}

export function lockMessage(
  environment: string,
  step: string,
  lock: LockInfo,
): string {
  const details = [
    lock.who && `held by ${lock.who}`,
    lock.operation && `for ${lock.operation.replace(/^OperationType/, '')}`,
    lock.created && `since ${lock.created}`,
  ]
    .filter(Boolean)
    .join(', ');
  return `terraform ${step} could not acquire the state lock of environment ${environment}: lock ${
    lock.id
  }${
    details ? ` (${details})` : ''
  } is held. If no Terraform process is still working on this environment, an administrator can release it with POST /environments/${environment}/force-unlock {"lockId":"${
    lock.id
  }"}.`;
}

export const STALE_PLAN =
  "The saved plan is stale: the environment's Terraform state changed after this plan was made, so Terraform refused to apply it. Start a new apply to plan again.";

/** Why a Terraform step failed, as a sentence, plus the lock it reports. */
export function describeFailure(options: {
  environment: string;
  step: string;
  binary: string;
  exit: TerraformExit;
  /** The command's own (already scrubbed) output. */
  output: string;
}): { message: string; lockId?: string } {
  const { environment, step, binary, exit, output } = options;
  if (exit.spawnError) {
    return {
      message: `Could not start Terraform (${binary}): ${exit.spawnError.message}. Install Terraform or set videogen.terraform.binary.`,
    };
  }
  const lock = /Error acquiring the state lock/i.test(output)
    ? parseLockInfo(output)
    : undefined;
  if (lock) {
    return { message: lockMessage(environment, step, lock), lockId: lock.id };
  }
  if (isStalePlanError(output)) {
    return { message: STALE_PLAN };
  }
  if (exit.signal) {
    return {
      message: `terraform ${step} was killed by ${exit.signal} before it finished; the state may be partly updated and a state lock may be left behind. Check the log and plan again.`,
    };
  }
  const explanation =
    firstError(output) ??
    output
      .split('\n')
      .map(l => l.trim())
      .filter(Boolean)
      .pop();
  return {
    message: `terraform ${step} failed (exit code ${exit.exitCode})${
      explanation ? `: ${explanation}` : '.'
    }`,
  };
}
