import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { EventsService } from '@backstage/plugin-events-node';
import {
  Environment,
  EnvironmentLifecycle,
  EnvironmentTarget,
  ENVIRONMENTS_CHANGED_TOPIC,
  EnvironmentsChangedEvent,
  ForceUnlockResponse,
  PlanSummary,
  Run,
  RunLogChunk,
  RunStatus,
  StartRunRequest,
  TERMINAL_RUN_STATUSES,
} from '@videogen/plugin-videogen-common';
import { EnvironmentStore } from '../environments/EnvironmentStore';
import { EnvironmentDrain } from '../environments/drain';
import {
  MAX_DRAIN_TIMEOUT_SECONDS,
  TerraformSettings,
} from '../terraform/config';
import {
  changedAddresses,
  describePlan,
  parseOutputs,
  SecretScrubber,
  summarizePlan,
} from '../terraform/output';
import { TerraformExit, TerraformProcess } from '../terraform/TerraformProcess';
import {
  AwsCredentials,
  TerraformWorkspace,
  terraformSecrets,
} from '../terraform/TerraformWorkspace';
import {
  describeFailure,
  INTERRUPTED_BY_RESTART,
  INTERRUPTED_BY_SHUTDOWN,
  runSlotTaken,
  STALE_PLAN,
  staleRunMessage,
} from './messages';
import { drainQueue } from './drainQueue';
import { readLockInfo, releaseStateLock } from './forceUnlock';
import { joinLogChunks, RunLog } from './RunLog';
import { scrubbingLogger } from './scrubbingLogger';
import {
  ACTIVE_RUN_STATUSES,
  isUniqueViolation,
  publicRun,
  RunPatch,
  RunRecord,
  RunStore,
} from './RunStore';

/** `requestedBy` of the scheduled drift checks. */
export const DRIFT_CHECK_REQUESTER = 'system:drift';

/** Largest piece of log returned at once. */
const MAX_LOG_CHUNK_CHARS = 256 * 1024;
/** Longest long-poll of a log. */
export const MAX_LOG_WAIT_SECONDS = 25;
/** How long a long-poll that found new text waits for more. */
const LOG_GATHER_MS = 250;

export type RunEngineOptions = {
  environments: EnvironmentStore;
  runs: RunStore;
  settings: TerraformSettings;
  logger: LoggerService;
  /** The backend's own environment variables that Terraform may see (PATH, HOME, proxies, AWS_*). */
  inheritedEnv: Record<string, string>;
  events?: EventsService;
  /** The job queue, drained before a destroy. Without one, destroys skip the drain. */
  drain?: EnvironmentDrain;
  /** AWS credentials for aws environments; without it Terraform finds its own. */
  awsCredentials?: () => Promise<AwsCredentials | undefined>;
  /** Timings, shortened in tests. */
  timings?: Partial<RunEngineTimings>;
  /** Names this backend instance in run rows; default `<hostname>:<random>`. */
  instanceId?: string;
};

export type RunEngineTimings = {
  /** How often running runs report that their instance is alive (and pick up cancels from other replicas). */
  heartbeatMs: number;
  /** A run whose instance has not reported for this long is INTERRUPTED. */
  staleAfterMs: number;
  /** How often a destroy checks the queue's active jobs while draining. */
  drainPollMs: number;
  /** How long terminated jobs may take to stop. */
  terminateWaitMs: number;
  /** How long shutdown waits for interrupted Terraform processes. */
  shutdownWaitMs: number;
};

const DEFAULT_TIMINGS: RunEngineTimings = {
  heartbeatMs: 5_000,
  staleAfterMs: 60_000,
  drainPollMs: 2_000,
  terminateWaitMs: 120_000,
  shutdownWaitMs: 25_000,
};

/** Raised inside a run to stop it; the catch turns it into the final status. */
class RunStop extends Error {
  constructor(
    readonly status: RunStatus,
    message: string,
    readonly extra: RunPatch = {},
    /** Terraform refused before changing anything (stale plan, held lock). */
    readonly nothingChanged = false,
  ) {
    super(message);
  }
}

/** A run this instance executes. */
type ActiveRun = {
  id: string;
  environment: string;
  process?: TerraformProcess;
  cancelledBy?: string;
  shuttingDown?: boolean;
  /** The apply succeeded: a cancel or shutdown no longer changes the outcome. */
  committed?: boolean;
  wake?: () => void;
  done?: Promise<void>;
  /** The run's scrubber (with its AWS credentials), once it has one. */
  scrubber?: SecretScrubber;
};

const isTerminal = (status: RunStatus) =>
  TERMINAL_RUN_STATUSES.includes(status);

const now = () => new Date().toISOString();

const sleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

/**
 * The Terraform run engine: starts, follows, cancels and approves runs of
 * the environments, one at a time per environment.
 */
export class RunEngine {
  private readonly active = new Map<string, ActiveRun>();
  private readonly unlocking = new Set<string>();
  private readonly signals = new EventEmitter();
  private readonly timings: RunEngineTimings;
  private readonly instanceId: string;
  private initLock: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private ticks = 0;
  private stopped = false;
  /** `options.logger`, scrubbing the secrets known without a run. */
  private readonly logger: LoggerService;

  constructor(private readonly options: RunEngineOptions) {
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.logger = scrubbingLogger(
      options.logger,
      new SecretScrubber(
        terraformSecrets(options.settings, options.inheritedEnv),
      ),
    );
    this.instanceId =
      options.instanceId ?? `${os.hostname()}:${randomUUID().slice(0, 8)}`;
    this.signals.setMaxListeners(0);
  }

  private get runs() {
    return this.options.runs;
  }

  private get environments() {
    return this.options.environments;
  }

  private get settings() {
    return this.options.settings;
  }

  // ------------------------------------------------------------ lifecycle

  /**
   * Marks the runs a previous backend left behind as INTERRUPTED and starts
   * the heartbeat. Call once, before serving requests.
   */
  async start(): Promise<void> {
    await this.sweep({ atStartup: true });
    this.timer = setInterval(() => {
      this.tick().catch(error =>
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
    const running = [...this.active.values()];
    for (const run of running) {
      if (run.committed) continue;
      run.shuttingDown = true;
      run.process?.interrupt();
      run.wake?.();
    }
    await Promise.race([
      Promise.allSettled(running.map(run => run.done)),
      sleep(this.timings.shutdownWaitMs),
    ]);
  }

  private async tick(): Promise<void> {
    this.ticks++;
    const mine = [...this.active.keys()];
    if (mine.length) {
      await this.runs.heartbeat(mine, now());
      // Cancels that reached another replica are recorded in the database.
      for (const id of mine) {
        const record = await this.runs.get(id);
        const active = this.active.get(id);
        if (record?.cancelRequestedBy && active && !active.cancelledBy) {
          this.requestCancel(active, record.cancelRequestedBy);
        }
      }
    }
    const every = Math.max(
      1,
      Math.round(this.timings.staleAfterMs / 2 / this.timings.heartbeatMs),
    );
    if (this.ticks % every === 0) await this.sweep({ atStartup: false });
  }

  /**
   * Interrupts PENDING/RUNNING runs nobody executes any more: at startup,
   * those of earlier instances on this host (this host restarted) and those
   * without an owner; always, those whose owner stopped reporting.
   */
  private async sweep(options: { atStartup: boolean }): Promise<void> {
    const host = this.instanceId.split(':')[0];
    const staleBefore = Date.now() - this.timings.staleAfterMs;
    const candidates = await this.runs.listByStatus(['PENDING', 'RUNNING']);
    for (const run of candidates) {
      if (this.active.has(run.id)) continue;
      const ownerHost = run.owner?.split(':')[0];
      const heartbeat = run.heartbeatAt
        ? Date.parse(run.heartbeatAt)
        : undefined;
      let message: string | undefined;
      if (!run.owner || (options.atStartup && ownerHost === host)) {
        message = INTERRUPTED_BY_RESTART;
      } else if (heartbeat !== undefined && heartbeat < staleBefore) {
        message = staleRunMessage(run.owner);
      }
      if (!message) continue;
      const changed = await this.runs.transition(
        run.id,
        ['PENDING', 'RUNNING'],
        {
          status: 'INTERRUPTED',
          finishedAt: now(),
          message,
          // The pid stays: force-unlock checks whether that Terraform
          // process outlived its backend.
          planFile: null,
        },
      );
      if (!changed) continue;
      this.logger.warn(
        `Terraform run ${run.id} of environment ${run.environment} was interrupted: ${message}`,
      );
      if (run.planFile) await fs.rm(run.planFile, { force: true });
      const env = await this.environments.get(run.environment);
      let status = env?.status;
      if (
        env &&
        (env.status === 'PROVISIONING' || env.status === 'DESTROYING')
      ) {
        status = 'FAILED';
        await this.environments.update(env.name, {
          status,
          stateChanged: true,
        });
      }
      if (run.operation === 'destroy' && this.options.drain) {
        await this.options.drain
          .enable(run.environment)
          .catch(error =>
            this.logger.warn(
              `Could not enable the queue of ${run.environment} again: ${error}`,
            ),
          );
      }
      if (status) {
        await this.publish(run.environment, status, run.id, 'INTERRUPTED');
      }
      this.notifyStatus(run.id);
    }
  }

  // ------------------------------------------------------------ queries

  async getRun(id: string): Promise<Run> {
    return publicRun(await this.requireRun(id));
  }

  async listRuns(environment: string, limit = 50): Promise<Run[]> {
    await this.requireEnvironment(environment);
    const runs = await this.runs.list(environment, {
      limit: Math.min(Math.max(limit, 1), 200),
    });
    return runs.map(publicRun);
  }

  private async requireRun(id: string): Promise<RunRecord> {
    const run = await this.runs.get(id);
    if (!run) throw new NotFoundError(`There is no Terraform run ${id}.`);
    return run;
  }

  private async requireEnvironment(name: string): Promise<Environment> {
    const env = await this.environments.get(name);
    if (!env)
      throw new NotFoundError(`There is no environment named "${name}".`);
    return env;
  }

  /**
   * A piece of a run's log from `offset` on. With `waitSeconds`, waits up to
   * that long for new text while the run is not finished (long-poll).
   */
  async readLog(
    id: string,
    offset: number,
    waitSeconds = 0,
  ): Promise<RunLogChunk> {
    const deadline =
      Date.now() +
      Math.min(Math.max(waitSeconds, 0), MAX_LOG_WAIT_SECONDS) * 1000;
    let gathered = false;
    for (;;) {
      // The status is read before the text: a run is finished only after
      // its whole log is stored, so "finished" plus "read to the end" means
      // nothing is missing.
      const run = await this.requireRun(id);
      const chunks = await this.runs.readLog(id, offset, MAX_LOG_CHUNK_CHARS);
      const { text, nextOffset } = joinLogChunks(chunks, offset);
      const complete = isTerminal(run.status) && nextOffset >= run.logSize;
      if (
        text &&
        !complete &&
        !gathered &&
        Date.now() < deadline &&
        text.length < MAX_LOG_CHUNK_CHARS / 4
      ) {
        // Terraform prints in bursts of a few lines: a follower gets them
        // together, a fraction of a second later, instead of one request
        // per burst. The run finishing ends the wait at once.
        gathered = true;
        await this.waitForChange(
          `${id}:status`,
          Math.min(LOG_GATHER_MS, deadline - Date.now()),
        );
        continue;
      }
      if (text || complete || Date.now() >= deadline) {
        return {
          runId: id,
          offset,
          nextOffset,
          text,
          complete,
          status: run.status,
        };
      }
      await this.waitForChange(id, Math.min(1000, deadline - Date.now()));
    }
  }

  /**
   * Waits up to `ms` for news of a run: new log text or a status change
   * (`event` = the run's id), or only a status change (`<id>:status`).
   */
  private waitForChange(event: string, ms: number): Promise<void> {
    return new Promise(resolve => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const done = () => {
        clearTimeout(timer);
        this.signals.off(event, done);
        resolve();
      };
      timer = setTimeout(done, Math.max(ms, 0));
      this.signals.on(event, done);
    });
  }

  /** Wakes the followers of a run whose status changed. */
  private notifyStatus(runId: string) {
    this.signals.emit(runId);
    this.signals.emit(`${runId}:status`);
  }

  // ------------------------------------------------------------ commands

  /** Starts a run; answers at once with the PENDING run. */
  async startRun(
    environmentName: string,
    request: StartRunRequest,
    requestedBy: string,
  ): Promise<Run> {
    const env = await this.requireEnvironment(environmentName);
    const { operation } = request;
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
    if (this.unlocking.has(env.name)) {
      throw new ConflictError(
        `Environment ${env.name} is being force-unlocked; try again in a moment.`,
      );
    }
    const drainTimeoutSeconds = request.drainTimeoutSeconds;
    if (
      drainTimeoutSeconds !== undefined &&
      (!Number.isInteger(drainTimeoutSeconds) ||
        drainTimeoutSeconds < 0 ||
        drainTimeoutSeconds > MAX_DRAIN_TIMEOUT_SECONDS)
    ) {
      throw new InputError(
        `drainTimeoutSeconds must be a whole number of seconds from 0 to ${MAX_DRAIN_TIMEOUT_SECONDS}.`,
      );
    }

    const record = await this.claimSlot(env.name, {
      operation,
      requestedBy,
      options:
        operation === 'destroy'
          ? {
              drainTimeoutSeconds:
                drainTimeoutSeconds ?? this.settings.drainTimeoutSeconds,
              terminateRunningJobs:
                request.terminateRunningJobs ??
                this.settings.terminateRunningJobs,
            }
          : {},
    });
    await this.environments.update(env.name, { lastRunId: record.id });
    this.launch(record, env.name, active => this.execute(active, record, env));
    return publicRun(record);
  }

  private async claimSlot(
    environment: string,
    run: Pick<RunRecord, 'operation' | 'requestedBy' | 'options'>,
  ): Promise<RunRecord> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.runs.insert({
          id: randomUUID(),
          environment,
          owner: this.instanceId,
          ...run,
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const holder = await this.runs.activeRun(environment);
        if (holder) throw new ConflictError(runSlotTaken(environment, holder));
        // The holder finished between the insert and the look-up.
        if (attempt >= 2) throw error;
      }
    }
  }

  private launch(
    record: RunRecord,
    environment: string,
    body: (active: ActiveRun) => Promise<void>,
  ) {
    const active: ActiveRun = { id: record.id, environment };
    this.active.set(record.id, active);
    active.done = body(active)
      .catch(error => {
        // The error may quote Terraform's output, which can hold the AWS
        // integration's credentials only the run's own scrubber knows.
        const message = `Terraform run ${record.id} of ${environment} failed unexpectedly: ${error}`;
        this.logger.error(active.scrubber?.scrub(message) ?? message);
      })
      .finally(() => {
        this.active.delete(record.id);
        this.notifyStatus(record.id);
      });
  }

  /** Waits until a run this instance executes is done (tests, drift checks). */
  async settle(runId: string): Promise<void> {
    await this.active.get(runId)?.done;
  }

  /** Applies the saved plan of a run that waits for approval. */
  async approve(runId: string, approvedBy: string): Promise<Run> {
    const record = await this.requireRun(runId);
    if (record.status !== 'AWAITING_APPROVAL') {
      throw new ConflictError(
        `Run ${record.id} is not waiting for approval (status ${record.status}).`,
      );
    }
    const env = await this.requireEnvironment(record.environment);
    const version = await this.environments.stateVersion(env.name);
    let refusal: string | undefined;
    if (record.planStateVersion !== version) {
      refusal = `Run ${record.id} cannot be approved: environment ${env.name} changed after its plan was made, so the saved plan is stale. Start a new apply to plan again.`;
    } else if (!record.planFile || !(await exists(record.planFile))) {
      refusal = `Run ${record.id} cannot be approved: its saved plan is not on this backend instance any more. Start a new apply to plan again.`;
    }
    if (refusal) {
      if (
        await this.runs.transition(record.id, ['AWAITING_APPROVAL'], {
          status: 'FAILED',
          finishedAt: now(),
          message: refusal,
          planFile: null,
        })
      ) {
        if (record.planFile) await fs.rm(record.planFile, { force: true });
        await this.publish(env.name, env.status, record.id, 'FAILED');
        this.notifyStatus(record.id);
      }
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
      const current = await this.requireRun(runId);
      throw new ConflictError(
        `Run ${record.id} is not waiting for approval any more (status ${current.status}).`,
      );
    }
    const approved = (await this.runs.get(record.id))!;
    this.launch(approved, env.name, active =>
      this.executeApproved(active, approved),
    );
    return publicRun(approved);
  }

  /**
   * Cancels a run: a run waiting for approval ends at once; a running one
   * gets exactly one SIGINT to its Terraform process and ends CANCELLED once
   * Terraform has stopped and saved its state.
   */
  async cancel(runId: string, cancelledBy: string): Promise<Run> {
    const record = await this.requireRun(runId);
    if (isTerminal(record.status)) {
      throw new ConflictError(
        `Run ${record.id} has already finished (status ${record.status}).`,
      );
    }
    if (record.status === 'AWAITING_APPROVAL') {
      const message = `Cancelled by ${cancelledBy} before approval; nothing was applied.`;
      if (
        await this.runs.transition(record.id, ['AWAITING_APPROVAL'], {
          status: 'CANCELLED',
          finishedAt: now(),
          message,
          cancelRequestedBy: cancelledBy,
          planFile: null,
        })
      ) {
        if (record.planFile) await fs.rm(record.planFile, { force: true });
        const env = await this.environments.get(record.environment);
        if (env) {
          await this.publish(env.name, env.status, record.id, 'CANCELLED');
        }
        this.notifyStatus(record.id);
        return this.getRun(runId);
      }
      return this.cancel(runId, cancelledBy);
    }
    await this.runs.update(record.id, {
      cancelRequestedBy: cancelledBy,
      message: `Cancellation requested by ${cancelledBy}; waiting for Terraform to stop and save its state.`,
    });
    const active = this.active.get(record.id);
    if (active) this.requestCancel(active, cancelledBy);
    // Otherwise another replica runs it and picks the request up from the
    // database on its next heartbeat.
    this.notifyStatus(record.id);
    return this.getRun(runId);
  }

  private requestCancel(active: ActiveRun, by: string) {
    if (active.cancelledBy || active.committed) return;
    active.cancelledBy = by;
    active.process?.interrupt();
    active.wake?.();
  }

  /**
   * Releases a Terraform state lock (`terraform force-unlock -force`),
   * refused while a Terraform process of this instance works on the
   * environment.
   */
  async forceUnlock(
    environmentName: string,
    lockId: string,
    by: string,
  ): Promise<ForceUnlockResponse> {
    const env = await this.requireEnvironment(environmentName);
    if (!/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/.test(lockId)) {
      throw new InputError(
        `"${lockId.slice(
          0,
          64,
        )}" is not a Terraform lock ID; use the lockId of the failed run.`,
      );
    }
    const busy = await this.liveTerraform(env.name);
    if (busy) {
      throw new ConflictError(
        `Environment ${env.name} has a Terraform process running (${busy}); force-unlock would break the lock it holds. Cancel the run and wait for it to stop first.`,
      );
    }
    if (this.unlocking.has(env.name)) {
      throw new ConflictError(
        `Environment ${env.name} is already being force-unlocked.`,
      );
    }
    this.unlocking.add(env.name);
    try {
      const message = await releaseStateLock({
        settings: this.settings,
        environment: env,
        lockId,
        inheritedEnv: this.options.inheritedEnv,
        credentials: await this.awsCredentialsFor(env.target),
        serializeInit: fn => this.serializeInit(fn),
      });
      this.logger.info(
        `force-unlock of environment ${env.name}, lock ${lockId}, by ${by}: ${message}`,
      );
      return { environment: env.name, lockId, message };
    } finally {
      this.unlocking.delete(env.name);
    }
  }

  /** Describes a live Terraform process of the environment, if there is one. */
  private async liveTerraform(
    environment: string,
  ): Promise<string | undefined> {
    for (const run of this.active.values()) {
      if (run.environment === environment && run.process?.isRunning) {
        return `run ${run.id}, pid ${run.process.pid}`;
      }
    }
    // A process of an earlier instance of this backend (one that was killed)
    // may still be running.
    const host = this.instanceId.split(':')[0];
    const runs = await this.runs.list(environment, { limit: 20 });
    for (const run of runs) {
      if (!run.pid || run.owner === undefined) continue;
      if (run.owner.split(':')[0] !== host) continue;
      if (await isTerraformProcess(run.pid)) {
        return `run ${run.id}, pid ${run.pid}`;
      }
    }
    // Terraform started by someone else (by hand, in the working directory).
    const stray = await terraformWorkingIn(
      path.join(this.settings.dataDir, 'terraform', environment),
    );
    if (stray) {
      return `pid ${stray}, working in the environment's directory`;
    }
    const active = await this.runs.activeRun(environment);
    if (active && active.status !== 'AWAITING_APPROVAL') {
      return `run ${active.id} is ${active.status.toLowerCase()} on ${
        active.owner ?? 'another backend instance'
      }`;
    }
    return undefined;
  }

  /**
   * Plans every READY environment of the given targets (aws by default) and
   * records whether the real infrastructure drifted from its state and
   * configuration. Each check is a `plan` run requested by `system:drift`,
   * so it takes the environment's run slot and keeps a log; environments
   * with a run in progress are skipped.
   */
  async checkDrift(
    targets: EnvironmentTarget[] = ['aws'],
  ): Promise<Array<{ environment: string; runId?: string; skipped?: string }>> {
    const results: Array<{
      environment: string;
      runId?: string;
      skipped?: string;
    }> = [];
    for (const env of await this.environments.list()) {
      if (!targets.includes(env.target) || env.status !== 'READY') continue;
      if (this.stopped) break;
      try {
        const run = await this.startRun(
          env.name,
          { operation: 'plan' },
          DRIFT_CHECK_REQUESTER,
        );
        await this.settle(run.id);
        results.push({ environment: env.name, runId: run.id });
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        results.push({ environment: env.name, skipped: error.message });
      }
    }
    return results;
  }

  // ------------------------------------------------------------ execution

  private async execute(
    active: ActiveRun,
    record: RunRecord,
    env: Environment,
  ): Promise<void> {
    const context = await this.prepareContext(record, env, 0);
    active.scrubber = context.scrubber;
    const { log, workspace } = context;
    const previousStatus = env.status;
    let drained = false;
    let applyPhase = false;
    try {
      const started = await this.runs.transition(record.id, ['PENDING'], {
        status: 'RUNNING',
        startedAt: now(),
        heartbeatAt: now(),
      });
      if (!started) return;
      this.notifyStatus(record.id);
      log.line(
        `[videogen] ${record.operation} of environment ${env.name} (${env.target}, ${env.region}) requested by ${record.requestedBy}; run ${record.id}`,
      );
      await workspace.prepare();

      if (record.operation === 'destroy') {
        await this.setEnvironmentStatus(
          env.name,
          'DESTROYING',
          record.id,
          'RUNNING',
        );
        drained = true;
        await this.drain(active, context, record);
      }

      await this.step(active, context, 'init', workspace.initArgs(), {
        serialized: true,
      });

      const planFile = workspace.planFile(record.id);
      const planStateVersion = await this.environments.stateVersion(env.name);
      const plan = await this.step(
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
      const show = await this.step(
        active,
        context,
        'show',
        workspace.showJsonArgs(planFile),
        { captureStdout: true },
      );
      const summary = summarizePlan(show.stdout);
      await this.runs.update(record.id, {
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
          await this.environments.update(env.name, {
            drift: {
              drifted: hasChanges,
              checkedAt: now(),
              message: hasChanges
                ? `Terraform would change ${describePlan(
                    summary,
                  )}: ${changedAddresses(show.stdout).slice(0, 20).join(', ')}.`
                : 'No drift: the infrastructure matches the state and the configuration.',
            },
          });
        }
        throw new RunStop(
          'SUCCEEDED',
          hasChanges
            ? `Plan: ${describePlan(summary)}.`
            : 'No changes: the infrastructure matches the configuration.',
          { exitCode: plan.exitCode },
        );
      }

      if (hasChanges && record.operation === 'apply' && env.requireApproval) {
        this.throwIfCancelled(active);
        await this.runs.update(record.id, { owner: null, pid: null });
        await log.close();
        await this.runs.transition(record.id, ['RUNNING'], {
          status: 'AWAITING_APPROVAL',
          exitCode: plan.exitCode,
          message: `Waiting for approval to apply ${describePlan(
            summary,
          )}: a user allowed to provision approves it (POST /runs/${
            record.id
          }/approve) or cancels it.`,
        });
        await this.publish(
          env.name,
          previousStatus,
          record.id,
          'AWAITING_APPROVAL',
        );
        return;
      }

      applyPhase = true;
      await this.applyPhase(active, context, record, {
        planFile,
        hasChanges,
        summary,
      });
    } catch (error) {
      await this.finishWithError(active, context, record, error, {
        applyPhase,
        previousStatus,
        reenableQueue: drained,
      });
    }
  }

  /** The apply phase of an approved run: the saved plan, exactly. */
  private async executeApproved(
    active: ActiveRun,
    record: RunRecord,
  ): Promise<void> {
    const env = (await this.environments.get(record.environment))!;
    const context = await this.prepareContext(record, env, record.logSize);
    active.scrubber = context.scrubber;
    try {
      context.log.line(
        `[videogen] Approved by ${record.approvedBy}; applying the saved plan.`,
      );
      await this.applyPhase(active, context, record, {
        planFile: record.planFile!,
        hasChanges: true,
        summary: record.planSummary,
      });
    } catch (error) {
      await this.finishWithError(active, context, record, error, {
        applyPhase: true,
        previousStatus: env.status,
        reenableQueue: false,
      });
    }
  }

  private async applyPhase(
    active: ActiveRun,
    context: RunContext,
    record: RunRecord,
    options: {
      planFile: string;
      hasChanges: boolean;
      summary?: PlanSummary;
    },
  ): Promise<void> {
    const { workspace, env } = context;
    const destroy = record.operation === 'destroy';
    if (options.hasChanges) {
      // From here on the state may change: a plan made before is stale.
      await this.environments.update(env.name, {
        stateChanged: true,
        ...(destroy ? {} : { status: 'PROVISIONING' }),
      });
      if (!destroy) {
        await this.publish(env.name, 'PROVISIONING', record.id, 'RUNNING');
      }
      this.throwIfCancelled(active);
      await this.step(
        active,
        context,
        'apply',
        workspace.applyArgs(options.planFile),
      );
    }
    active.committed = true;
    if (destroy) {
      await this.environments.update(env.name, {
        status: 'DESTROYED',
        outputs: {},
      });
      await this.finish(context, record, {
        status: 'SUCCEEDED',
        exitCode: 0,
        message: options.hasChanges
          ? `Destroyed environment ${env.name}.`
          : `Environment ${env.name} had nothing left to destroy.`,
      });
      await this.publish(env.name, 'DESTROYED', record.id, 'SUCCEEDED');
      return;
    }
    const output = await this.step(
      active,
      context,
      'output',
      workspace.outputJsonArgs(),
      {
        captureStdout: true,
      },
    );
    const outputs = context.scrubber.scrubValue(parseOutputs(output.stdout));
    await this.environments.update(env.name, { status: 'READY', outputs });
    await this.finish(context, record, {
      status: 'SUCCEEDED',
      exitCode: 0,
      outputs,
      message: options.hasChanges
        ? `Applied: ${describePlan(
            options.summary ?? { add: 0, change: 0, destroy: 0 },
          )}.`
        : 'No changes: the infrastructure matches the configuration.',
    });
    await this.publish(env.name, 'READY', record.id, 'SUCCEEDED');
  }

  private async finishWithError(
    active: ActiveRun,
    context: RunContext,
    record: RunRecord,
    error: unknown,
    options: {
      applyPhase: boolean;
      previousStatus: EnvironmentLifecycle;
      reenableQueue: boolean;
    },
  ): Promise<void> {
    const { env, log } = context;
    let stop: RunStop;
    if (error instanceof RunStop) {
      stop = error;
    } else {
      stop = new RunStop(
        'FAILED',
        context.scrubber.scrub(
          `The run failed: ${error instanceof Error ? error.message : error}`,
        ),
      );
    }
    if (stop.status === 'SUCCEEDED') {
      await this.finish(context, record, {
        status: 'SUCCEEDED',
        message: stop.message,
        ...stop.extra,
      });
      const current = await this.environments.get(env.name);
      await this.publish(
        env.name,
        current?.status ?? env.status,
        record.id,
        'SUCCEEDED',
      );
      return;
    }
    if (active.shuttingDown) {
      stop = new RunStop(
        'INTERRUPTED',
        INTERRUPTED_BY_SHUTDOWN,
        stop.extra,
        stop.nothingChanged,
      );
    }
    log.line(`[videogen] ${stop.message}`);
    if (options.reenableQueue && this.options.drain) {
      try {
        await this.options.drain.enable(env.name);
        log.line(`[videogen] The job queue of ${env.name} takes jobs again.`);
      } catch (enableError) {
        log.line(
          `[videogen] Could not enable the job queue of ${env.name} again: ${enableError}`,
        );
      }
    }
    // Before the apply phase nothing changed; after it started, the
    // infrastructure is somewhere between the old and the planned state.
    const status: EnvironmentLifecycle =
      options.applyPhase && !stop.nothingChanged
        ? 'FAILED'
        : options.previousStatus;
    await this.environments.update(env.name, { status });
    await this.finish(context, record, {
      status: stop.status,
      message: stop.message,
      ...stop.extra,
    });
    await this.publish(env.name, status, record.id, stop.status);
  }

  /** Ends a run: log flushed first, then the final status. */
  private async finish(
    context: RunContext,
    record: RunRecord,
    patch: RunPatch,
  ): Promise<void> {
    try {
      await context.log.close();
    } catch (error) {
      this.logger.warn(
        `Could not store the whole log of Terraform run ${record.id}: ${error}`,
      );
    }
    await this.runs.update(record.id, {
      ...patch,
      message:
        patch.message === undefined || patch.message === null
          ? patch.message
          : context.scrubber.scrub(patch.message),
      finishedAt: now(),
      planFile: null,
      owner: null,
      pid: null,
    });
    await fs.rm(context.workspace.planFile(record.id), { force: true });
  }

  private async prepareContext(
    record: RunRecord,
    env: Environment,
    logOffset: number,
  ): Promise<RunContext> {
    const workspace = new TerraformWorkspace(this.settings, env);
    let credentials: AwsCredentials | undefined;
    let credentialsError: string | undefined;
    try {
      credentials = await this.awsCredentialsFor(env.target);
    } catch (error) {
      credentialsError = String(error);
    }
    const scrubber = new SecretScrubber(
      workspace.secrets(this.options.inheritedEnv, credentials),
    );
    const log = new RunLog(this.runs, record.id, {
      maxBytes: this.settings.maxLogBytes,
      scrubber,
      startOffset: logOffset,
      onWrite: () => this.signals.emit(record.id),
    });
    if (credentialsError) {
      log.line(
        `[videogen] Could not get AWS credentials from the backend's AWS integration (${credentialsError}); Terraform looks for credentials itself.`,
      );
    }
    return { env, workspace, credentials, scrubber, log };
  }

  private async awsCredentialsFor(
    target: EnvironmentTarget,
  ): Promise<AwsCredentials | undefined> {
    if (target !== 'aws' || !this.options.awsCredentials) return undefined;
    return this.options.awsCredentials();
  }

  /** Runs one Terraform command; throws a RunStop when it does not succeed. */
  private async step(
    active: ActiveRun,
    context: RunContext,
    step: string,
    args: string[],
    options: {
      okExitCodes?: number[];
      captureStdout?: boolean;
      serialized?: boolean;
    } = {},
  ): Promise<TerraformExit> {
    this.throwIfCancelled(active);
    const { log, workspace, credentials, env, scrubber } = context;
    log.line(`$ ${this.settings.binary} ${args.join(' ')}`);
    const lines: string[] = [];
    const execute = async () => {
      const process = TerraformProcess.start({
        binary: this.settings.binary,
        args,
        cwd: workspace.dir,
        env: workspace.processEnv(this.options.inheritedEnv, credentials),
        captureStdout: options.captureStdout,
        onLine: line => {
          lines.push(log.line(line));
          if (lines.length > 400) lines.splice(0, lines.length - 400);
        },
      });
      active.process = process;
      // A cancel that arrived while the process was being started.
      if (active.cancelledBy || active.shuttingDown) process.interrupt();
      // The commands that lock the state are recorded, for force-unlock's
      // check that no Terraform of the environment is still alive.
      if (process.pid && (step === 'plan' || step === 'apply')) {
        await this.runs.update(active.id, { pid: process.pid });
      }
      try {
        return await process.exited;
      } finally {
        active.process = undefined;
      }
    };
    const exit = options.serialized
      ? await this.serializeInit(execute)
      : await execute();
    if (options.captureStdout) {
      log.line('[videogen] (JSON output read by the run engine; not shown)');
    }
    if (
      exit.exitCode !== null &&
      (options.okExitCodes ?? [0]).includes(exit.exitCode)
    ) {
      return exit;
    }
    const output = lines.join('\n');
    if (!active.committed && (active.cancelledBy || active.shuttingDown)) {
      const lockId = await this.leftLockId(workspace);
      throw new RunStop(
        'CANCELLED',
        `Cancelled by ${
          active.cancelledBy ?? 'the backend'
        }: Terraform stopped during ${step} after finishing the operations in progress and saved its state.`,
        { exitCode: exit.exitCode, lockId: lockId ?? null },
      );
    }
    const failure = describeFailure({
      environment: env.name,
      step,
      binary: this.settings.binary,
      exit,
      output: scrubber.scrub(output),
    });
    let lockId = failure.lockId;
    let message = failure.message;
    if (!lockId && exit.signal) {
      lockId = await this.leftLockId(workspace);
      if (lockId) {
        message = `terraform ${step} was killed by ${exit.signal} and left state lock ${lockId} of environment ${env.name}. A local state lock ends with its process, so the next run takes it over; an administrator can also clear it with force-unlock. Check the log and plan again.`;
      }
    }
    const refused = Boolean(failure.lockId) || message === STALE_PLAN;
    throw new RunStop(
      'FAILED',
      message,
      {
        exitCode: exit.exitCode,
        lockId: lockId ?? null,
      },
      refused,
    );
  }

  /** The lock a dead Terraform left on a local state, if any. */
  private async leftLockId(
    workspace: TerraformWorkspace,
  ): Promise<string | undefined> {
    if (!workspace.lockInfoFile) return undefined;
    return (await readLockInfo(workspace.lockInfoFile))?.ID;
  }

  private throwIfCancelled(active: ActiveRun) {
    if (active.committed) return;
    if (active.shuttingDown) {
      throw new RunStop('INTERRUPTED', INTERRUPTED_BY_SHUTDOWN);
    }
    if (active.cancelledBy) {
      throw new RunStop(
        'CANCELLED',
        `Cancelled by ${active.cancelledBy} before Terraform changed anything.`,
      );
    }
  }

  /**
   * `terraform init` is not safe to run concurrently against a shared
   * plugin cache, so with one configured, inits run one at a time.
   */
  private async serializeInit<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.settings.pluginCacheDir) return fn();
    const previous = this.initLock;
    let release!: () => void;
    this.initLock = new Promise(resolve => {
      release = resolve;
    });
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /** Drains the environment's job queue before a destroy (see drainQueue). */
  private async drain(
    active: ActiveRun,
    context: RunContext,
    record: RunRecord,
  ): Promise<void> {
    const { log, env } = context;
    const drain = this.options.drain;
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
        record.options.drainTimeoutSeconds ?? this.settings.drainTimeoutSeconds,
      terminate:
        record.options.terminateRunningJobs ??
        this.settings.terminateRunningJobs,
      pollMs: this.timings.drainPollMs,
      terminateWaitMs: this.timings.terminateWaitMs,
      say: line => log.line(`[videogen] ${line}`),
      checkCancelled: () => this.throwIfCancelled(active),
      setWake: wake => {
        active.wake = wake;
      },
    });
    if (problem) throw new RunStop('FAILED', problem);
  }

  private async setEnvironmentStatus(
    environment: string,
    status: EnvironmentLifecycle,
    runId: string,
    runStatus: RunStatus,
  ) {
    await this.environments.update(environment, { status });
    await this.publish(environment, status, runId, runStatus);
  }

  /** Publishes ENVIRONMENTS_CHANGED_TOPIC; a failure is logged, never fatal. */
  async publish(
    environment: string,
    status: EnvironmentLifecycle,
    runId?: string,
    runStatus?: RunStatus,
  ): Promise<void> {
    if (!this.options.events) return;
    const eventPayload: EnvironmentsChangedEvent = {
      environment,
      status,
      ...(runId ? { runId } : {}),
      ...(runStatus ? { runStatus } : {}),
    };
    try {
      await this.options.events.publish({
        topic: ENVIRONMENTS_CHANGED_TOPIC,
        eventPayload,
      });
    } catch (error) {
      this.logger.warn(
        `Could not publish ${ENVIRONMENTS_CHANGED_TOPIC} for ${environment}: ${error}`,
      );
    }
  }

  /** Whether a run holds its environment's slot. */
  static isActive(status: RunStatus): boolean {
    return ACTIVE_RUN_STATUSES.includes(status);
  }
}

type RunContext = {
  env: Environment;
  workspace: TerraformWorkspace;
  credentials?: AwsCredentials;
  scrubber: SecretScrubber;
  log: RunLog;
};

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * The pid of a live terraform process on this machine that works on `dir`:
 * its current directory, its `-chdir` or its `TF_DATA_DIR` is inside it.
 * Undefined when there is none, or on a system without /proc.
 */
async function terraformWorkingIn(dir: string): Promise<number | undefined> {
  const root = await fs.realpath(dir).catch(() => path.resolve(dir));
  const inside = (candidate: string | undefined) => {
    if (!candidate) return false;
    const relative = path.relative(root, candidate);
    return !relative.startsWith('..') && !path.isAbsolute(relative);
  };
  let entries: string[];
  try {
    entries = await fs.readdir('/proc');
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const argv = (await fs.readFile(`/proc/${pid}/cmdline`, 'utf8'))
        .split('\0')
        .filter(Boolean);
      if (!argv[0] || path.basename(argv[0]) !== 'terraform') continue;
      const cwd = await fs.readlink(`/proc/${pid}/cwd`);
      const chdir = argv
        .find(arg => arg.startsWith('-chdir='))
        ?.slice('-chdir='.length);
      const dataDir = (await fs.readFile(`/proc/${pid}/environ`, 'utf8'))
        .split('\0')
        .find(variable => variable.startsWith('TF_DATA_DIR='))
        ?.slice('TF_DATA_DIR='.length);
      if (
        inside(cwd) ||
        inside(chdir && path.resolve(cwd, chdir)) ||
        inside(dataDir && path.resolve(cwd, dataDir))
      ) {
        return pid;
      }
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return undefined;
}

/** Whether `pid` is a live terraform process on this machine. */
async function isTerraformProcess(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8');
    return /terraform/.test(cmdline);
  } catch {
    // No /proc (not Linux): a live process with that pid is enough.
    return true;
  }
}
