import { LoggerService } from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { EnvironmentDrain } from '../environments/drain';
import { ObjectStorage } from '../storage';
import { executeLocalJob, RunningJob } from './localJobRun';
import {
  deadLeaseOwnersOnHost,
  isProcessAlive,
  newLeaseOwner,
  RELEASED_LEASE,
} from './localLeases';
import { Job, JobStore } from './JobStore';
import { reapOrphanedWorkers } from './orphanedWorkers';
import { JobQueue, JobVideos, PoolStatus } from './types';

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

/**
 * The local queue: a FIFO in the plugin database, worked by up to N
 * generator processes on this host. Jobs are claimed with a lease that a
 * heartbeat extends; a job whose process or backend died goes back to
 * RUNNABLE when its lease expires (any replica reclaims it), up to the retry
 * limit, then FAILED.
 *
 * This class is the dispatcher (polling, claiming into free worker slots,
 * cancellation, shutdown); a claimed job's run is in localJobRun and the
 * lease owner bookkeeping in localLeases.
 */
export class LocalJobQueue implements JobQueue {
  readonly kind = 'local' as const;
  readonly drain: EnvironmentDrain;
  private readonly options: LocalJobQueueOptions;
  private readonly owner: string;
  private readonly running = new Map<string, RunningJob>();
  private timer?: NodeJS.Timeout;
  private pumping = false;
  private pumpAgain = false;
  private stopping = false;
  private started = false;

  constructor(options: LocalJobQueueOptions) {
    this.options = options;
    this.owner = options.owner ?? newLeaseOwner();
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
    // Renders of a killed predecessor must not outlive it: its jobs are
    // about to be reclaimed and rendered again.
    await reapOrphanedWorkers({
      outputPrefix: this.options.storage.uri('videos/'),
      logger: this.options.logger,
    });
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
              ...RELEASED_LEASE,
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
    const dead = deadLeaseOwnersOnHost(await this.options.jobs.leaseOwners(), {
      host: os.hostname(),
      pid: process.pid,
      isAlive: isProcessAlive,
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
    const entry: RunningJob = {
      job,
      token,
      finished: new Promise(resolve => {
        resolveFinished = resolve;
      }),
    };
    this.running.set(job.id, entry);
    executeLocalJob(this.options, entry)
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
}
