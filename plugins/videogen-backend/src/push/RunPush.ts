import {
  RunStatus,
  TERMINAL_RUN_STATUSES,
} from '@videogen/plugin-videogen-common';
import { RunChange, RunChangeListener } from '../runs/runChanges';
import { SignalPublisher } from './SignalPublisher';

/** A run's log is announced at most this often (and once more at its end). */
export const RUN_LOG_SIGNAL_INTERVAL_MS = 250;

/** Runs whose log is being throttled at most; idle ones are forgotten. */
const MAX_TRACKED_LOGS = 1000;

type LogState = {
  environment: string;
  logSize: number;
  /** When its last `runLog` signal went out. */
  sentAt: number;
  /** The trailing signal, when one is due. */
  timer?: NodeJS.Timeout;
};

/**
 * Pushes what the run store writes: a `run` signal for each status, and a
 * `runLog` signal as the log grows. Terraform prints in bursts of lines and
 * each burst is one write, so log signals are throttled per run: at once
 * when none went out for RUN_LOG_SIGNAL_INTERVAL_MS, otherwise one trailing
 * signal with the newest size; the run's final status sends a last one with
 * the final size.
 */
export class RunPush implements RunChangeListener {
  private readonly logs = new Map<string, LogState>();

  constructor(
    private readonly publisher: SignalPublisher,
    private readonly intervalMs = RUN_LOG_SIGNAL_INTERVAL_MS,
  ) {}

  runChanged(change: RunChange): void {
    const { runId, environment, status } = change;
    this.publisher.publish({ kind: 'run', environment, runId, status });
    if (TERMINAL_RUN_STATUSES.includes(status as RunStatus)) {
      // The whole log is stored before a run ends: this size is final.
      clearTimeout(this.logs.get(runId)?.timer);
      this.logs.delete(runId);
      this.publisher.publish({
        kind: 'runLog',
        environment,
        runId,
        logSize: change.logSize,
      });
    }
  }

  logGrew(change: Omit<RunChange, 'status'>): void {
    const { runId } = change;
    let state = this.logs.get(runId);
    if (!state) {
      this.forgetIdle();
      state = { ...change, sentAt: -Infinity };
      this.logs.set(runId, state);
    }
    state.logSize = Math.max(state.logSize, change.logSize);
    if (state.timer) return; // the trailing signal takes the newest size
    const wait = state.sentAt + this.intervalMs - Date.now();
    if (wait <= 0) {
      this.sendLog(runId, state);
      return;
    }
    state.timer = setTimeout(() => {
      state!.timer = undefined;
      this.sendLog(runId, state!);
    }, wait);
    state.timer.unref?.();
  }

  /** Drops the pending trailing signals (the backend is stopping). */
  stop(): void {
    for (const state of this.logs.values()) clearTimeout(state.timer);
    this.logs.clear();
  }

  private sendLog(runId: string, state: LogState) {
    state.sentAt = Date.now();
    this.publisher.publish({
      kind: 'runLog',
      environment: state.environment,
      runId,
      logSize: state.logSize,
    });
  }

  // A run that ended on another replica (after this one died or handed it
  // over) never tells this one; past the bound, forget runs with nothing due.
  private forgetIdle() {
    if (this.logs.size < MAX_TRACKED_LOGS) return;
    for (const [runId, state] of this.logs) {
      if (!state.timer) this.logs.delete(runId);
    }
  }
}
