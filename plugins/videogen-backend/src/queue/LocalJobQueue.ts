import { LoggerService } from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { EnvironmentDrain } from '../environments/drain';
import { ObjectStorage, storageKeys } from '../storage';
import { Job, JobStore } from './JobStore';
import { IncompleteResultError, readGeneratorResult } from './results';
import { JobQueue, JobVideos, PoolStatus } from './types';
import {
  failureReasonFromStderr,
  WorkerExit,
  WorkerProcess,
} from './WorkerProcess';

export type LocalJobQueueOptions = {
  jobs: JobStore;
  videos: JobVideos;
  storage: ObjectStorage;
  logger: LoggerService;
  /** The generator CLI: program and leading arguments. */
  command: string[];
  /** The generator's environment (an allow-list, never the backend's secrets). */
  env: Record<string, string>;
  /** Worker slots on this replica; 0 makes it a web-only replica. */
  workers: number;
  pollIntervalMs: number;
  leaseMs: number;
  heartbeatMs: number;
  cancelGraceMs: number;
  /** Identifies this process's leases; default `<host>/<pid>/<random>`. */
  owner?: string;
};

type Running = {
  job: Job;
  token: string;
  process?: WorkerProcess;
  heartbeat?: NodeJS.Timeout;
  stage?: string;
  /** Why this replica stopped caring about the outcome, if it did. */
  abandoned?: 'cancelled' | 'lease-lost' | 'shutdown';
  finished: Promise<void>;
};

const EXIT_BAD_INPUT = 2;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The local queue: a FIFO in the plugin database, worked by up to N
 * generator processes on this host. Jobs are claimed with a lease that a
 * heartbeat extends; a job whose process or backend died goes back to
 * RUNNABLE when its lease expires (any replica reclaims it), up to the retry
 * limit, then FAILED.
 */
export class LocalJobQueue implements JobQueue {
  readonly kind = 'local' as const;
  readonly drain: EnvironmentDrain;
  private readonly options: LocalJobQueueOptions;
  private readonly owner: string;
  private readonly running = new Map<string, Running>();
  private timer?: NodeJS.Timeout;
  private pumping = false;
  private pumpAgain = false;
  private stopping = false;
  private started = false;

  constructor(options: LocalJobQueueOptions) {
    this.options = options;
    this.owner =
      options.owner ??
      `${os.hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
    const jobs = options.jobs;
    this.drain = {
      disable: environment => jobs.setDisabled(environment, true),
      enable: async environment => {
        await jobs.setDisabled(environment, false);
        this.wake();
      },
      activeJobs: async environment =>
        (await jobs.activeJobs(environment)).length,
      terminateActive: async (environment, reason) => {
        for (const job of await jobs.activeJobs(environment)) {
          await this.cancel(job.id, reason);
        }
      },
    };
  }

  pool(): PoolStatus {
    return {
      slots: this.options.workers,
      busy: this.running.size,
      host: os.hostname(),
    };
  }

  async start(): Promise<void> {
    if (this.started) {
      return;
    }
    this.started = true;
    this.stopping = false;
    await this.expireLeasesOfDeadProcesses();
    this.timer = setInterval(() => {
      this.tick().catch(error =>
        this.options.logger.warn(`Local queue poll failed: ${error}`),
      );
    }, this.options.pollIntervalMs);
    await this.tick();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    // Hand running jobs back to the queue (not a failure, so the attempt is
    // not counted) and stop their processes.
    const running = [...this.running.values()];
    await Promise.all(
      running.map(async entry => {
        entry.abandoned ??= 'shutdown';
        await this.options.jobs
          .transition(
            entry.job.id,
            ['STARTING', 'RUNNING'],
            'RUNNABLE',
            {
              lease_token: null,
              lease_owner: null,
              lease_expires_at: null,
              attempts: Math.max(0, entry.job.attempts - 1),
            },
            entry.token,
          )
          .catch(() => undefined);
        entry.process?.terminate(this.options.cancelGraceMs);
      }),
    );
    await Promise.all(running.map(entry => entry.finished));
    this.started = false;
  }

  async submit(job: Job): Promise<void> {
    await this.options.jobs.transition(job.id, ['SUBMITTED'], 'PENDING');
    await this.options.jobs.transition(job.id, ['PENDING'], 'RUNNABLE');
    this.wake();
  }

  async cancel(jobId: string, reason: string): Promise<boolean> {
    const before = await this.options.jobs.fail(jobId, reason);
    if (!before) {
      return false;
    }
    // A job running here stops now; one running on another replica stops at
    // its next heartbeat, which finds its lease gone.
    const entry = this.running.get(jobId);
    if (entry) {
      entry.abandoned = 'cancelled';
      entry.process?.terminate(this.options.cancelGraceMs);
    }
    return true;
  }

  /** Looks for work now rather than at the next poll. */
  wake(): void {
    if (!this.started || this.stopping) {
      return;
    }
    setImmediate(() => {
      this.pump().catch(error =>
        this.options.logger.warn(`Local queue failed to claim a job: ${error}`),
      );
    });
  }

  /** One poll: reclaim expired leases, queue stragglers, claim work. */
  async tick(): Promise<void> {
    const { jobs } = this.options;
    const reclaimed = await jobs.reclaimExpired();
    if (reclaimed.requeued || reclaimed.failed) {
      this.options.logger.info(
        `Reclaimed expired job leases: ${reclaimed.requeued} back in the queue, ${reclaimed.failed} failed`,
      );
    }
    // A backend that died between inserting a job and queueing it leaves it
    // SUBMITTED or PENDING; inputs are stored before the insert, so queue it.
    const stale = await jobs.stale(
      'local',
      ['SUBMITTED', 'PENDING'],
      new Date(Date.now() - Math.max(30_000, this.options.leaseMs)),
    );
    for (const job of stale) {
      await this.submit(job);
    }
    await this.pump();
  }

  private async expireLeasesOfDeadProcesses(): Promise<void> {
    const host = os.hostname();
    const dead = (await this.options.jobs.leaseOwners()).filter(owner => {
      const parts = owner.split('/');
      const pid = Number(parts.at(-2));
      return (
        parts.slice(0, -2).join('/') === host &&
        Number.isInteger(pid) &&
        pid !== process.pid &&
        !isAlive(pid)
      );
    });
    if (dead.length > 0) {
      await this.options.jobs.expireLeasesOf(dead);
      this.options.logger.info(
        `Taking back jobs of a previous backend process on this host (${dead.length} lease owner(s))`,
      );
    }
  }

  private async pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        while (
          !this.stopping &&
          this.started &&
          this.running.size < this.options.workers
        ) {
          const token = randomUUID();
          const job = await this.options.jobs.claimNext({
            owner: this.owner,
            token,
            leaseMs: this.options.leaseMs,
          });
          if (!job) {
            break;
          }
          this.run(job, token);
        }
      } while (this.pumpAgain && !this.stopping);
    } finally {
      this.pumping = false;
    }
  }

  private run(job: Job, token: string): void {
    let resolveFinished!: () => void;
    const entry: Running = {
      job,
      token,
      finished: new Promise(resolve => {
        resolveFinished = resolve;
      }),
    };
    this.running.set(job.id, entry);
    this.execute(entry)
      .catch(error =>
        this.options.logger.error(`Job ${job.id} could not be run: ${error}`),
      )
      .finally(() => {
        if (entry.heartbeat) {
          clearInterval(entry.heartbeat);
        }
        this.running.delete(job.id);
        resolveFinished();
        this.wake();
      });
  }

  private async execute(entry: Running): Promise<void> {
    const { jobs, videos, storage, logger } = this.options;
    const { job, token } = entry;
    const video = await videos.inputsOf(job.videoId);
    if (!video) {
      await jobs.transition(
        job.id,
        ['STARTING'],
        'FAILED',
        {
          failure_reason: 'The video of this job no longer exists.',
        },
        token,
      );
      return;
    }

    entry.heartbeat = setInterval(() => {
      jobs
        .heartbeat(job.id, token, this.options.leaseMs, entry.stage)
        .then(held => {
          if (!held && !entry.abandoned) {
            // Cancelled here or elsewhere, or another replica took the job
            // back after our lease expired: the outcome is no longer ours.
            entry.abandoned = 'lease-lost';
            entry.process?.terminate(this.options.cancelGraceMs);
          }
        })
        .catch(error =>
          logger.warn(`Heartbeat of job ${job.id} failed: ${error}`),
        );
    }, this.options.heartbeatMs);

    const worker = new WorkerProcess({
      command: this.options.command,
      args: [
        'render',
        '--photo',
        storage.uri(video.photoKey),
        '--script',
        storage.uri(video.scriptKey),
        '--out',
        storage.uri(storageKeys.videoPrefix(video.videoId)),
      ],
      env: this.options.env,
      onSpawn: () => {
        jobs
          .transition(job.id, ['STARTING'], 'RUNNING', {}, token)
          .catch(error =>
            logger.warn(`Job ${job.id} could not be marked RUNNING: ${error}`),
          );
      },
      onProgress: event => {
        if (typeof event.stage === 'string') {
          entry.stage = event.stage.slice(0, 32);
        }
      },
    });
    entry.process = worker;
    if (entry.abandoned) {
      // Cancelled while the process was being set up.
      worker.terminate(this.options.cancelGraceMs);
    }
    const exit = await worker.exited;
    clearInterval(entry.heartbeat);
    if (entry.abandoned) {
      return;
    }
    await this.settle(entry, exit);
  }

  private async settle(entry: Running, exit: WorkerExit): Promise<void> {
    const { jobs, videos, storage, logger } = this.options;
    const { job, token } = entry;
    const active: Job['state'][] = ['STARTING', 'RUNNING'];

    if (exit.code === 0) {
      try {
        const result = await readGeneratorResult(storage, job.videoId);
        await videos.recordResult(job.videoId, result);
        await jobs.transition(
          job.id,
          active,
          'SUCCEEDED',
          { stage: null },
          token,
        );
        return;
      } catch (error) {
        if (!(error instanceof IncompleteResultError)) {
          throw error;
        }
        await this.retryOrFail(entry, error.message, true);
        return;
      }
    }

    let reason: string;
    if (exit.spawnError) {
      reason = `The generator could not be started (${
        (exit.spawnError as NodeJS.ErrnoException).code ??
        exit.spawnError.message
      }); check videogen.worker.command.`;
    } else {
      reason =
        failureReasonFromStderr(exit.stderr) ??
        (exit.signal
          ? `The generator was stopped by ${exit.signal}.`
          : `The generator exited with code ${exit.code}.`);
    }
    logger.info(
      `Job ${job.id} attempt ${job.attempts} failed (exit ${
        exit.code ?? exit.signal
      }): ${reason}`,
    );
    // Exit 2 means the inputs are unusable: trying again cannot help.
    await this.retryOrFail(
      entry,
      reason,
      exit.code !== EXIT_BAD_INPUT && !exit.spawnError,
    );
  }

  private async retryOrFail(
    entry: Running,
    reason: string,
    retryable: boolean,
  ): Promise<void> {
    const { jobs } = this.options;
    const { job, token } = entry;
    const active: Job['state'][] = ['STARTING', 'RUNNING'];
    if (retryable && job.attempts < job.maxAttempts) {
      await jobs.transition(
        job.id,
        active,
        'RUNNABLE',
        {
          lease_token: null,
          lease_owner: null,
          lease_expires_at: null,
          stage: null,
        },
        token,
      );
      return;
    }
    await jobs.transition(
      job.id,
      active,
      'FAILED',
      { failure_reason: reason, stage: null },
      token,
    );
  }
}
