import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { NotificationPayload } from '@backstage/plugin-notifications-common';
import { Job } from '../queue/JobStore';
import { videoPageLink } from './videoLink';

/** Notifications being sent at once at most; more are dropped and logged. */
const MAX_IN_FLIGHT = 100;

/** The notification a finished job gives its uploader, or none. */
export function finishedVideoNotification(
  job: Pick<Job, 'state' | 'environment' | 'videoId' | 'failureReason'>,
  createdBy: string,
): NotificationPayload | undefined {
  // Notifications go to users; a video uploaded by a service (a scaffolder
  // task's token, say) has nobody to tell.
  if (!/^user:/i.test(createdBy)) return undefined;
  const link = videoPageLink(job.environment, job.videoId);
  // One notification per video: the notifications backend replaces an
  // earlier one of the same scope and user instead of adding another.
  const scope = `videogen:video:${job.videoId}`;
  if (job.state === 'SUCCEEDED') {
    return {
      title: 'Your video is ready',
      description: `Your video in ${job.environment} has finished rendering; open it to watch it.`,
      link,
      severity: 'normal',
      topic: 'videogen',
      scope,
    };
  }
  if (job.state !== 'FAILED') return undefined;
  const reason = job.failureReason ?? 'The generator failed.';
  // A user who cancelled their own video knows; a cancel by an
  // administrator or by a destroy of the environment is news to them.
  if (reason === `Cancelled by ${createdBy}`) return undefined;
  return {
    title: 'Your video could not be generated',
    description: reason,
    link,
    severity: 'high',
    topic: 'videogen',
    scope,
  };
}

/**
 * Tells the uploader of a new video that it finished (or failed, with the
 * reason) through Backstage notifications. Only state changes reach it, so a
 * deduplicated upload (which changes no job) never notifies anyone. A failed
 * send (no notifications backend in the app, say) is logged, never fatal.
 */
export class VideoNotifier {
  private inFlight = 0;
  private failing = false;
  private readonly sending = new Set<Promise<void>>();

  constructor(
    private readonly notifications: NotificationService | undefined,
    private readonly logger: LoggerService,
  ) {}

  jobFinished(job: Job, createdBy: Promise<string | undefined>): void {
    if (!this.notifications) return;
    if (this.inFlight >= MAX_IN_FLIGHT) {
      this.logger.warn(
        `Too many notifications in flight; none sent for video ${job.videoId}`,
      );
      return;
    }
    this.inFlight += 1;
    const sent = this.send(job, createdBy).finally(() => {
      this.inFlight -= 1;
      this.sending.delete(sent);
    });
    this.sending.add(sent);
  }

  /** Resolves once the notifications started so far are sent (or failed). */
  async idle(): Promise<void> {
    await Promise.all([...this.sending]);
  }

  private async send(
    job: Job,
    createdBy: Promise<string | undefined>,
  ): Promise<void> {
    try {
      const user = await createdBy;
      const payload = user && finishedVideoNotification(job, user);
      if (!user || !payload) return;
      await this.notifications!.send({
        recipients: { type: 'entity', entityRef: user },
        payload,
      });
      this.failing = false;
    } catch (error) {
      const message = `Could not send the notification for video ${job.videoId}: ${error}`;
      // Warn once when sending starts failing, then debug until it works.
      if (this.failing) {
        this.logger.debug(message);
      } else {
        this.failing = true;
        this.logger.warn(message);
      }
    }
  }
}
