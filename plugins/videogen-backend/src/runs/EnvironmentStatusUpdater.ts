import {
  EnvironmentLifecycle,
  RunOperation,
} from '@videogen/plugin-videogen-common';
import { EnvironmentStore } from '../environments/EnvironmentStore';
import { EnvironmentEvents } from './environmentEvents';
import {
  nextEnvironmentStatus,
  RunOutcomeStatus,
  RunPhase,
} from './environmentStatus';

/** A status stored by {@link EnvironmentStatusUpdater.set}, still to be announced. */
export type EnvironmentStatusChange = {
  environment: string;
  status: EnvironmentLifecycle;
  /** Whether the stored status moved. */
  changed: boolean;
  runId: string;
  runStatus: RunOutcomeStatus;
};

/**
 * The one place where runs move an environment's status: what the status
 * becomes is {@link nextEnvironmentStatus}'s answer; this stores it and
 * announces it on the events bus.
 */
export class EnvironmentStatusUpdater {
  constructor(
    private readonly environments: EnvironmentStore,
    private readonly events: EnvironmentEvents,
  ) {}

  /**
   * Stores the status the run leaves (with `patch`, in the same write).
   * Returns the change to {@link publish} once the run's own row tells the
   * same story, or undefined when the environment is gone and there was no
   * previous status to go on.
   */
  async set(
    run: { id: string; environment: string; operation: RunOperation },
    transition: {
      phase: RunPhase;
      outcome: RunOutcomeStatus;
      /** The status before the run; by default the one stored now. */
      previous?: EnvironmentLifecycle;
    },
    patch: { outputs?: Record<string, unknown>; stateChanged?: boolean } = {},
  ): Promise<EnvironmentStatusChange | undefined> {
    const current = (await this.environments.get(run.environment))?.status;
    const previous = transition.previous ?? current;
    if (!previous) return undefined;
    const status = nextEnvironmentStatus({
      operation: run.operation,
      phase: transition.phase,
      outcome: transition.outcome,
      previous,
    });
    const changed = status !== current;
    if (changed || Object.keys(patch).length) {
      await this.environments.update(run.environment, {
        ...patch,
        ...(changed ? { status } : {}),
      });
    }
    return {
      environment: run.environment,
      status,
      changed,
      runId: run.id,
      runStatus: transition.outcome,
    };
  }

  /**
   * Announces a change. A run that merely keeps going without moving the
   * environment is not news; every other step of a run is.
   */
  async publish(change: EnvironmentStatusChange | undefined): Promise<void> {
    if (!change) return;
    if (!change.changed && change.runStatus === 'RUNNING') return;
    await this.events.publish(
      change.environment,
      change.status,
      change.runId,
      change.runStatus,
    );
  }
}
