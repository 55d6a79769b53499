import { EventEmitter } from 'node:events';
import {
  RunLogChunk,
  TERMINAL_RUN_STATUSES,
} from '@videogen/plugin-videogen-common';
import { requireRun } from './preconditions';
import { joinLogChunks } from './RunLog';
import { RunStore } from './RunStore';

/** Largest piece of log returned at once. */
const MAX_LOG_CHUNK_CHARS = 256 * 1024;
/** Longest long-poll of a log. */
export const MAX_LOG_WAIT_SECONDS = 25;
/** How long a long-poll that found new text waits for more. */
const LOG_GATHER_MS = 250;

/**
 * Reads runs' logs, long-polling for new text; the engine tells it when a
 * run wrote to its log or changed status, so that waiting readers wake.
 */
export class RunLogFollower {
  private readonly signals = new EventEmitter();

  constructor(private readonly runs: RunStore) {
    this.signals.setMaxListeners(0);
  }

  /** Wakes the followers of a run that wrote to its log. */
  logWritten(runId: string) {
    this.signals.emit(runId);
  }

  /** Wakes the followers of a run whose status changed. */
  statusChanged(runId: string) {
    this.signals.emit(runId);
    this.signals.emit(`${runId}:status`);
  }

  /**
   * A piece of a run's log from `offset` on. With `waitSeconds`, waits up to
   * that long for new text while the run is not finished (long-poll).
   */
  async read(
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
      const run = await requireRun(this.runs, id);
      const chunks = await this.runs.readLog(id, offset, MAX_LOG_CHUNK_CHARS);
      const { text, nextOffset } = joinLogChunks(chunks, offset);
      const complete =
        TERMINAL_RUN_STATUSES.includes(run.status) && nextOffset >= run.logSize;
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
}
