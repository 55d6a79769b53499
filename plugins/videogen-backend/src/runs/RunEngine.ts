import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  EnvironmentLifecycle,
  EnvironmentTarget,
  ForceUnlockResponse,
  Run,
  RunLogChunk,
  RunStatus,
  StartRunRequest,
  TERMINAL_RUN_STATUSES,
} from '@videogen/plugin-videogen-common';
import { eksManifestApplier } from '../kubernetes/eksManifestApplier';
import { SecretScrubber } from '../terraform/output';
import { terraformSecrets } from '../terraform/TerraformWorkspace';
import { ActiveRuns, requestCancel } from './activeRuns';
import {
  checkDrift,
  DRIFT_CHECK_REQUESTER,
  DriftCheckResult,
} from './driftCheck';
import { EnvironmentEvents } from './environmentEvents';
import { EnvironmentStatusUpdater } from './EnvironmentStatusUpdater';
import { InitMutex } from './InitMutex';
import { findLiveTerraform } from './liveTerraform';
import {
  approvalRefusal,
  assertCanStartRun,
  claimRunSlot,
  requireEnvironment,
  requireRun,
} from './preconditions';
import { RunContexts } from './runContext';
import {
  DEFAULT_TIMINGS,
  RunEngineOptions,
  RunEngineTimings,
} from './runEngineOptions';
import { RunExecutor } from './RunExecutor';
import { RunLogFollower } from './RunLogFollower';
import { RunRecovery } from './RunRecovery';
import { scrubbingLogger } from './scrubbingLogger';
import { ACTIVE_RUN_STATUSES, publicRun, RunRecord } from './RunStore';
import { StateUnlocker } from './StateUnlocker';
import { TerraformStepRunner } from './terraformStep';

export { DRIFT_CHECK_REQUESTER };
export type { RunEngineOptions, RunEngineTimings };

const now = () => new Date().toISOString();

/**
 * The Terraform run engine: starts, follows, cancels and approves runs of
 * the environments, one at a time per environment. The work is done by its
 * parts: RunExecutor (the run state machine), RunRecovery (heartbeats and
 * stale runs), RunLogFollower (log long-polls) and EnvironmentStatusUpdater
 * (what runs leave the environments).
 */
export class RunEngine {
  private readonly active: ActiveRuns;
  private readonly timings: RunEngineTimings;
  private readonly instanceId: string;
  private readonly unlocker: StateUnlocker;
  private readonly follower: RunLogFollower;
  private readonly events: EnvironmentEvents;
  private readonly status: EnvironmentStatusUpdater;
  private readonly recovery: RunRecovery;
  private readonly executor: RunExecutor;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  /** `options.logger`, scrubbing the secrets known without a run. */
  private readonly logger: LoggerService;

  constructor(private readonly options: RunEngineOptions) {
    const { runs, environments, settings } = options;
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.logger = scrubbingLogger(
      options.logger,
      new SecretScrubber(terraformSecrets(settings, options.inheritedEnv)),
    );
    this.instanceId =
      options.instanceId ?? `${os.hostname()}:${randomUUID().slice(0, 8)}`;
    const initMutex = new InitMutex(Boolean(settings.pluginCacheDir));
    this.follower = new RunLogFollower(runs);
    const onStatusChange = (runId: string) =>
      this.follower.statusChanged(runId);
    this.active = new ActiveRuns(this.logger, onStatusChange);
    this.events = new EnvironmentEvents(
      options.events,
      this.logger,
      options.onEnvironmentChange,
    );
    this.status = new EnvironmentStatusUpdater(environments, this.events);
    this.recovery = new RunRecovery({
      runs,
      environments,
      active: this.active,
      status: this.status,
      drain: options.drain,
      logger: this.logger,
      instanceId: this.instanceId,
      timings: this.timings,
      onStatusChange,
    });
    this.executor = new RunExecutor({
      environments,
      runs,
      settings,
      drain: options.drain,
      timings: this.timings,
      contexts: new RunContexts({
        runs,
        settings,
        logger: this.logger,
        inheritedEnv: options.inheritedEnv,
        awsCredentials: options.awsCredentials,
        onLogWrite: runId => this.follower.logWritten(runId),
      }),
      steps: new TerraformStepRunner({
        settings,
        inheritedEnv: options.inheritedEnv,
        runs,
        initMutex,
      }),
      status: this.status,
      onStatusChange,
      kubernetes: options.kubernetes ?? eksManifestApplier,
    });
    this.unlocker = new StateUnlocker({
      settings,
      inheritedEnv: options.inheritedEnv,
      awsCredentials: options.awsCredentials,
      initMutex,
      logger: this.logger,
      findLiveTerraform: environment =>
        findLiveTerraform({
          environment,
          active: this.active,
          runs,
          instanceId: this.instanceId,
          workDir: path.join(settings.dataDir, 'terraform', environment),
        }),
    });
  }

  private get runs() {
    return this.options.runs;
  }

  private get environments() {
    return this.options.environments;
  }

  // ------------------------------------------------------------ lifecycle

  /**
   * Marks the runs a previous backend left behind as INTERRUPTED and starts
   * the heartbeat. Call once, before serving requests.
   */
  async start(): Promise<void> {
    await this.recovery.sweep({ atStartup: true });
    this.timer = setInterval(() => {
      this.recovery
        .tick()
        .catch(error =>
          this.logger.warn(`Terraform run heartbeat failed: ${error}`),
        );
    }, this.timings.heartbeatMs);
    this.timer.unref?.();
  }

  /**
   * Stops the runs of this instance: one SIGINT to each Terraform process,
   * a wait for them to save their state, then INTERRUPTED.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.active.interruptAll(this.timings.shutdownWaitMs);
  }

  // ------------------------------------------------------------ queries

  async getRun(id: string): Promise<Run> {
    return publicRun(await requireRun(this.runs, id));
  }

  async listRuns(environment: string, limit = 50): Promise<Run[]> {
    await requireEnvironment(this.environments, environment);
    const runs = await this.runs.list(environment, {
      limit: Math.min(Math.max(limit, 1), 200),
    });
    return runs.map(publicRun);
  }

  /**
   * A piece of a run's log from `offset` on. With `waitSeconds`, waits up to
   * that long for new text while the run is not finished (long-poll).
   */
  readLog(id: string, offset: number, waitSeconds = 0): Promise<RunLogChunk> {
    return this.follower.read(id, offset, waitSeconds);
  }

  // ------------------------------------------------------------ commands

  /** Starts a run; answers at once with the PENDING run. */
  async startRun(
    environmentName: string,
    request: StartRunRequest,
    requestedBy: string,
  ): Promise<Run> {
    const env = await requireEnvironment(this.environments, environmentName);
    const { operation } = request;
    assertCanStartRun(env, operation, {
      beingUnlocked: this.unlocker.isUnlocking(env.name),
    });
    const { settings } = this.options;
    const record = await claimRunSlot(this.runs, env.name, {
      owner: this.instanceId,
      operation,
      requestedBy,
      options:
        operation === 'destroy'
          ? {
              drainTimeoutSeconds:
                request.drainTimeoutSeconds ?? settings.drainTimeoutSeconds,
              terminateRunningJobs:
                request.terminateRunningJobs ?? settings.terminateRunningJobs,
            }
          : {},
    });
    await this.environments.update(env.name, { lastRunId: record.id });
    this.active.launch(record.id, env.name, active =>
      this.executor.execute(active, record, env),
    );
    return publicRun(record);
  }

  /** Waits until a run this instance executes is done (tests, drift checks). */
  async settle(runId: string): Promise<void> {
    await this.active.settle(runId);
  }

  /** Applies the saved plan of a run that waits for approval. */
  async approve(runId: string, approvedBy: string): Promise<Run> {
    const record = await requireRun(this.runs, runId);
    if (record.status !== 'AWAITING_APPROVAL') {
      throw new ConflictError(
        `Run ${record.id} is not waiting for approval (status ${record.status}).`,
      );
    }
    const env = await requireEnvironment(this.environments, record.environment);
    const refusal = await approvalRefusal(
      record,
      env,
      await this.environments.stateVersion(env.name),
    );
    if (refusal) {
      await this.endWaitingRun(record, 'FAILED', { message: refusal });
      throw new ConflictError(refusal);
    }
    const won = await this.runs.transition(record.id, ['AWAITING_APPROVAL'], {
      status: 'RUNNING',
      approvedBy,
      approvedAt: now(),
      owner: this.instanceId,
      heartbeatAt: now(),
      message: `Approved by ${approvedBy}; applying the saved plan.`,
    });
    if (!won) {
      const current = await requireRun(this.runs, runId);
      throw new ConflictError(
        `Run ${record.id} is not waiting for approval any more (status ${current.status}).`,
      );
    }
    const approved = (await this.runs.get(record.id))!;
    this.active.launch(approved.id, env.name, active =>
      this.executor.executeApproved(active, approved),
    );
    return publicRun(approved);
  }

  /**
   * Cancels a run: a run waiting for approval ends at once; a running one
   * gets exactly one SIGINT to its Terraform process and ends CANCELLED once
   * Terraform has stopped and saved its state.
   */
  async cancel(runId: string, cancelledBy: string): Promise<Run> {
    const record = await requireRun(this.runs, runId);
    if (TERMINAL_RUN_STATUSES.includes(record.status)) {
      throw new ConflictError(
        `Run ${record.id} has already finished (status ${record.status}).`,
      );
    }
    if (record.status === 'AWAITING_APPROVAL') {
      const ended = await this.endWaitingRun(record, 'CANCELLED', {
        message: `Cancelled by ${cancelledBy} before approval; nothing was applied.`,
        cancelRequestedBy: cancelledBy,
      });
      // Approved meanwhile: cancel the running run instead.
      return ended ? this.getRun(runId) : this.cancel(runId, cancelledBy);
    }
    const active = this.active.get(record.id);
    await this.runs.update(record.id, {
      cancelRequestedBy: cancelledBy,
      message: active?.committed
        ? `Cancellation requested by ${cancelledBy}, but the ${record.operation} is past the point of cancel; the run completes.`
        : `Cancellation requested by ${cancelledBy}; waiting for Terraform to stop and save its state.`,
    });
    if (active) requestCancel(active, cancelledBy);
    // Otherwise another replica runs it and picks the request up from the
    // database on its next heartbeat.
    this.follower.statusChanged(record.id);
    return this.getRun(runId);
  }

  /** Ends a run waiting for approval, if it still waits; returns whether it did. */
  private async endWaitingRun(
    record: RunRecord,
    status: 'FAILED' | 'CANCELLED',
    patch: { message: string; cancelRequestedBy?: string },
  ): Promise<boolean> {
    const ended = await this.runs.transition(record.id, ['AWAITING_APPROVAL'], {
      status,
      finishedAt: now(),
      planFile: null,
      ...patch,
    });
    if (!ended) return false;
    if (record.planFile) await fs.rm(record.planFile, { force: true });
    await this.status.publish(
      await this.status.set(record, { phase: 'plan', outcome: status }),
    );
    this.follower.statusChanged(record.id);
    return true;
  }

  /**
   * Releases a Terraform state lock (`terraform force-unlock -force`),
   * refused while a Terraform process works on the environment.
   */
  async forceUnlock(
    environmentName: string,
    lockId: string,
    by: string,
  ): Promise<ForceUnlockResponse> {
    const env = await requireEnvironment(this.environments, environmentName);
    return this.unlocker.unlock(env, lockId, by);
  }

  /**
   * Plans every READY environment of the given targets (aws by default)
   * with `-refresh-only` and records whether the real infrastructure drifted
   * from its state (see checkDrift); environments without a state, or with a
   * run in progress, are skipped.
   */
  checkDrift(
    targets: EnvironmentTarget[] = ['aws'],
  ): Promise<DriftCheckResult[]> {
    return checkDrift({
      environments: this.environments,
      settings: this.options.settings,
      logger: this.logger,
      targets,
      isStopping: () => this.stopped,
      startPlan: name =>
        this.startRun(name, { operation: 'plan' }, DRIFT_CHECK_REQUESTER),
      settle: runId => this.settle(runId),
    });
  }

  /** Publishes ENVIRONMENTS_CHANGED_TOPIC; a failure is logged, never fatal. */
  publish(
    environment: string,
    status: EnvironmentLifecycle,
    runId?: string,
    runStatus?: RunStatus,
  ): Promise<void> {
    return this.events.publish(environment, status, runId, runStatus);
  }

  /** Whether a run holds its environment's slot. */
  static isActive(status: RunStatus): boolean {
    return ACTIVE_RUN_STATUSES.includes(status);
  }
}
