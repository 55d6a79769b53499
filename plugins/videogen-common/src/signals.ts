import { EnvironmentLifecycle, RunStatus } from './api';
import { JobState } from './jobs';

// What the backend pushes to browsers through Backstage signals
// (`@backstage/plugin-signals-node` → `@backstage/plugin-signals-react`).
// A message says what changed, never the data itself: the browser reads
// that through the API, where permissions apply. Every message goes to the
// channel of its environment, so a page listens to the environment it shows.

/** The signals channel of one environment's changes. @public */
export function videogenSignalChannel(environment: string): string {
  return `videogen:environment:${environment}`;
}

/**
 * One change, pushed on {@link videogenSignalChannel}:
 * - `video`: a video's job changed state (created, queued, running, done);
 * - `run`: a Terraform run changed status;
 * - `runLog`: a run's log grew to `logSize` bytes;
 * - `environment`: the environment's lifecycle status changed.
 * @public
 */
export type VideogenSignal =
  | {
      kind: 'video';
      environment: string;
      videoId: string;
      jobId: string;
      state: JobState;
      /** Who uploaded it (the user entity ref), to open it for them. */
      createdBy: string;
    }
  | {
      kind: 'run';
      environment: string;
      runId: string;
      status: RunStatus;
    }
  | {
      kind: 'runLog';
      environment: string;
      runId: string;
      logSize: number;
    }
  | {
      kind: 'environment';
      environment: string;
      status: EnvironmentLifecycle;
    };
