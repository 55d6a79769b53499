import {
  EnvironmentLifecycle,
  RunOperation,
} from '@videogen/plugin-videogen-common';
import { describeObject } from '../kubernetes/applyManifests';
import { EksManifestApplier } from '../kubernetes/eksManifestApplier';
import { describePlan } from '../terraform/output';
import { ActiveRun } from './activeRuns';
import { RunContext } from './runContext';
import { outcomeOfError, RunStopped } from './runOutcome';
import { RunRecord } from './RunStore';
import { TerraformPhases } from './terraformPhases';

/**
 * Whether a successful apply left an aws environment waiting for the Batch
 * namespace and RBAC: its outputs say `batch_kubernetes_prepared = false`.
 * AWS Batch validates them when it creates the compute environment, so the
 * root creates the compute environment and job queue only once they exist.
 */
export function batchKubernetesPending(
  context: Pick<RunContext, 'env'>,
  operation: RunOperation,
  outputs: Record<string, unknown>,
): boolean {
  return (
    context.env.target === 'aws' &&
    operation === 'apply' &&
    outputs.batch_kubernetes_prepared === false
  );
}

/**
 * Applies the root's `batch_kubernetes_manifests` (namespace, service
 * account, RBAC) to the environment's EKS cluster as the backend's AWS
 * identity, logging each object; throws RunStopped (FAILED, keeping the
 * apply's outputs) with a sentence naming the problem when it cannot.
 */
export async function applyBatchKubernetes(options: {
  context: RunContext;
  outputs: Record<string, unknown>;
  applier: EksManifestApplier;
}): Promise<void> {
  const { context, outputs, applier } = options;
  const { env, log, credentials } = context;
  const fail = (reason: string): never => {
    throw new RunStopped({
      status: 'FAILED',
      message: `The Batch namespace and RBAC could not be applied to the EKS cluster of environment ${env.name}, so its Batch compute environment and job queue were not created: ${reason} Apply again once that is fixed: the run engine applies them and finishes the environment.`,
      run: { outputs },
      environmentOutputs: outputs,
    });
  };
  const text = (name: string) => {
    const value = outputs[name];
    return typeof value === 'string' && value.trim() ? value : undefined;
  };
  const missing = [
    'cluster_name',
    'cluster_endpoint',
    'cluster_certificate_authority_data',
    'batch_kubernetes_manifests',
  ].filter(name => !text(name));
  if (missing.length) {
    fail(`the apply did not output ${missing.join(', ')}.`);
  }
  if (!credentials) {
    fail(
      "the backend has no AWS credentials to sign an EKS token with (see the backend's AWS integration, videogen.terraform.awsAccountId).",
    );
  }
  const endpoint = text('cluster_endpoint')!;
  log.line(
    `[videogen] Applying the Batch namespace and RBAC to EKS cluster ${text(
      'cluster_name',
    )} (${endpoint}) with server-side apply, field manager videogen.`,
  );
  try {
    const applied = await applier.apply(
      {
        clusterName: text('cluster_name')!,
        region: env.region,
        endpoint,
        caData: text('cluster_certificate_authority_data')!,
        manifests: text('batch_kubernetes_manifests')!,
        credentials: credentials!,
      },
      object =>
        log.line(`[videogen] Kubernetes: applied ${describeObject(object)}`),
    );
    log.line(
      `[videogen] Applied ${applied.length} Kubernetes object(s); applying again with batch_kubernetes_prepared = true for the Batch compute environment and job queue.`,
    );
  } catch (error) {
    if (error instanceof RunStopped) throw error;
    fail(error instanceof Error ? error.message : String(error));
  }
}

/**
 * The rest of an aws environment's first provision: the Batch namespace
 * and RBAC applied to its EKS cluster, then a second plan and apply with
 * `batch_kubernetes_prepared = true`, which creates the Batch compute
 * environment (AWS Batch validates the RBAC then) and the job queue.
 */
export async function finishBatchOnEks(options: {
  phases: TerraformPhases;
  applier: EksManifestApplier;
  active: ActiveRun;
  context: RunContext;
  record: RunRecord;
  /** The environment's status before the run. */
  previousStatus: EnvironmentLifecycle;
  /** Outputs of the first apply. */
  outputs: Record<string, unknown>;
}): Promise<{ outputs: Record<string, unknown>; message: string }> {
  const { phases, active, context, record, outputs } = options;
  await applyBatchKubernetes({
    context,
    outputs,
    applier: options.applier,
  });
  const prepared: RunContext = {
    ...context,
    workspace: context.workspace.withBatchKubernetesPrepared(),
  };
  try {
    const plan = await phases.plan(active, prepared, record, {});
    const summary = describePlan(plan.summary);
    context.log.line(
      `[videogen] Plan with batch_kubernetes_prepared = true: ${summary}.`,
    );
    await phases.applySavedPlan(
      active,
      prepared,
      record,
      options.previousStatus,
      plan,
    );
    return {
      outputs: await phases.readOutputs(active, prepared),
      message: `Applied the Batch namespace and RBAC to the EKS cluster, then ${summary}.`,
    };
  } catch (error) {
    // The RBAC is in place and the state may hold part of the compute
    // environment: later runs must pass true, as false would plan to
    // destroy it.
    const outcome = outcomeOfError(error, context.scrubber);
    const kept = { ...outputs, batch_kubernetes_prepared: true };
    throw new RunStopped({
      ...outcome,
      status: outcome.status === 'SUCCEEDED' ? 'FAILED' : outcome.status,
      run: { ...outcome.run, outputs: kept },
      environmentOutputs: kept,
      // The first apply changed the infrastructure, whatever this one did.
      nothingChanged: false,
    });
  }
}
