import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import { EnvironmentLifecycle } from '@videogen/plugin-videogen-common';
import { Knex } from 'knex';
import { JobChangeListener } from '../queue/jobChanges';
import { RunChangeListener } from '../runs/runChanges';
import { JobPush } from './JobPush';
import { RunPush } from './RunPush';
import { SignalPublisher } from './SignalPublisher';
import { VideoNotifier } from './VideoNotifier';

export { finishedVideoNotification } from './VideoNotifier';
export { RUN_LOG_SIGNAL_INTERVAL_MS } from './RunPush';
export { videoPageLink } from './videoLink';

/** What the stores tell of their writes, pushed to browsers and users. */
export type VideogenPush = {
  /** For the job store and the videos repository. */
  jobs: JobChangeListener;
  /** For the run store. */
  runs: RunChangeListener;
  /** For the run engine's environment announcements. */
  environmentChanged(environment: string, status: EnvironmentLifecycle): void;
  /** Resolves once what was pushed so far has gone out (tests, shutdown). */
  idle(): Promise<void>;
  /** Drops pending throttled signals. */
  stop(): void;
};

/**
 * Live state by push: Backstage signals on one channel per environment
 * (`videogenSignalChannel`) and a notification to the uploader of a finished
 * video. Both services are optional: without signals nothing is pushed and
 * the frontend polls; without notifications nobody is notified.
 */
export function createVideogenPush(options: {
  knex: Knex;
  logger: LoggerService;
  signals?: SignalsService;
  notifications?: NotificationService;
}): VideogenPush {
  const logger = options.logger.child({ component: 'push' });
  const publisher = new SignalPublisher(options.signals, logger);
  const notifier = new VideoNotifier(options.notifications, logger);
  const runs = new RunPush(publisher);
  return {
    jobs: new JobPush({ knex: options.knex, publisher, notifier, logger }),
    runs,
    environmentChanged: (environment, status) =>
      publisher.publish({ kind: 'environment', environment, status }),
    idle: async () => {
      await notifier.idle();
      await publisher.idle();
    },
    stop: () => runs.stop(),
  };
}
