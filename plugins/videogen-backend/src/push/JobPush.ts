import { LoggerService } from '@backstage/backend-plugin-api';
import { isTerminalJobState } from '@videogen/plugin-videogen-common';
import { Knex } from 'knex';
import { JobChange, JobChangeListener } from '../queue/jobChanges';
import { VIDEOS_TABLE } from '../queue/jobRows';
import { SignalPublisher } from './SignalPublisher';
import { VideoNotifier } from './VideoNotifier';

/** Uploaders remembered at most (one per unfinished video, normally). */
const MAX_REMEMBERED = 10_000;

/**
 * Pushes every job state the job store and the videos repository write: a
 * `video` signal on the environment's channel, and for a finished job the
 * uploader's notification. The signal names the uploader (so their browser
 * opens their own video); a job row does not, so it is looked up once per
 * video and remembered until the job finishes.
 */
export class JobPush implements JobChangeListener {
  private readonly uploaders = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly deps: {
      knex: Knex;
      publisher: SignalPublisher;
      notifier: VideoNotifier;
      logger: LoggerService;
    },
  ) {}

  jobChanged({ job, createdBy }: JobChange): void {
    const uploader = this.uploaderOf(job.videoId, createdBy);
    const { publisher, notifier } = this.deps;
    publisher.publish(
      uploader.then(by => ({
        kind: 'video' as const,
        environment: job.environment,
        videoId: job.videoId,
        jobId: job.id,
        state: job.state,
        // Unknown only when the lookup failed: the browser still refreshes,
        // it just cannot tell whether the video is its user's.
        createdBy: by ?? '',
      })),
    );
    if (isTerminalJobState(job.state)) {
      // A finished job does not change again (a new upload makes a new
      // video), so its uploader need not be remembered.
      this.uploaders.delete(job.videoId);
      notifier.jobFinished(job, uploader);
    }
  }

  private uploaderOf(
    videoId: string,
    known: string | undefined,
  ): Promise<string | undefined> {
    let uploader = known ? Promise.resolve(known) : this.uploaders.get(videoId);
    if (!uploader) {
      uploader = this.deps
        .knex(VIDEOS_TABLE)
        .where({ id: videoId })
        .first('created_by')
        .then(row => row?.created_by as string | undefined)
        .catch(error => {
          this.deps.logger.debug(
            `Could not look up who uploaded video ${videoId}: ${error}`,
          );
          // Looked up again at the next change.
          this.uploaders.delete(videoId);
          return undefined;
        });
    }
    if (this.uploaders.size >= MAX_REMEMBERED) {
      // Maps iterate in insertion order: forget the oldest.
      this.uploaders.delete(this.uploaders.keys().next().value!);
    }
    this.uploaders.set(videoId, uploader);
    return uploader;
  }
}
