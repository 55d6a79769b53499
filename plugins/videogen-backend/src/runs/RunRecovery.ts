import fs from 'node:fs/promises';
import { LoggerService } from '@backstage/backend-plugin-api';
import { EnvironmentDrain } from '../environments/drain';
import { EnvironmentStore } from '../environments/EnvironmentStore';
import { ActiveRuns, requestCancel } from './activeRuns';
import { EnvironmentStatusUpdater } from './EnvironmentStatusUpdater';
import { INTERRUPTED_BY_RESTART, staleRunMessage } from './messages';
import { RunStore } from './RunStore';

/**
 * The replicas' bookkeeping: the runs of this instance report that it is
 * alive (and pick up cancels that reached another replica), and runs
 * nobody executes any more end INTERRUPTED.
 */
export class RunRecovery {
  private ticks = 0;

  constructor(
    private readonly options: {
      runs: RunStore;
      environments: EnvironmentStore;
      active: ActiveRuns;
      status: EnvironmentStatusUpdater;
      drain?: EnvironmentDrain;
      logger: LoggerService;
      /** `<host>:<suffix>` of this backend instance. */
      instanceId: string;
      timings: { heartbeatMs: number; staleAfterMs: number };
      /** Tells log followers that a run's status changed. */
      onStatusChange: (runId: string) => void;
    },
  ) {}

  /** One heartbeat; every few of them, a sweep for stale runs. */
  async tick(): Promise<void> {
    const { runs, active, timings } = this.options;
    this.ticks++;
    const mine = active.ids();
    if (mine.length) {
      await runs.heartbeat(mine, new Date().toISOString());
      // Cancels that reached another replica are recorded in the database.
      for (const id of mine) {
        const record = await runs.get(id);
        const run = active.get(id);
        if (record?.cancelRequestedBy && run && !run.cancelledBy) {
          requestCancel(run, record.cancelRequestedBy);
        }
      }
    }
    const every = Math.max(
      1,
      Math.round(timings.staleAfterMs / 2 / timings.heartbeatMs),
    );
    if (this.ticks % every === 0) await this.sweep({ atStartup: false });
  }

  /**
   * Interrupts PENDING/RUNNING runs nobody executes any more: at startup,
   * those of earlier instances on this host (this host restarted) and those
   * without an owner; always, those whose owner stopped reporting.
   */
  async sweep(options: { atStartup: boolean }): Promise<void> {
    const { runs, active, status, drain, logger } = this.options;
    const host = this.options.instanceId.split(':')[0];
    const staleBefore = Date.now() - this.options.timings.staleAfterMs;
    const candidates = await runs.listByStatus(['PENDING', 'RUNNING']);
    for (const run of candidates) {
      if (active.has(run.id)) continue;
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
      const changed = await runs.transition(run.id, ['PENDING', 'RUNNING'], {
        status: 'INTERRUPTED',
        finishedAt: new Date().toISOString(),
        message,
        // The pid stays: force-unlock checks whether that Terraform
        // process outlived its backend.
        planFile: null,
      });
      if (!changed) continue;
      logger.warn(
        `Terraform run ${run.id} of environment ${run.environment} was interrupted: ${message}`,
      );
      if (run.planFile) await fs.rm(run.planFile, { force: true });
      const change = await status.set(run, {
        phase: 'orphaned',
        outcome: 'INTERRUPTED',
      });
      if (change?.changed) {
        // It stopped in the middle of changing the infrastructure.
        await this.options.environments.update(run.environment, {
          stateChanged: true,
        });
      }
      if (run.operation === 'destroy' && drain) {
        await drain
          .enable(run.environment)
          .catch(error =>
            logger.warn(
              `Could not enable the queue of ${run.environment} again: ${error}`,
            ),
          );
      }
      await status.publish(change);
      this.options.onStatusChange(run.id);
    }
  }
}
