import { CustomErrorBase } from '@backstage/errors';

/** 429: the user already has as many jobs queued or running as allowed. */
export class TooManyJobsError extends CustomErrorBase {
  name = 'TooManyJobsError' as const;
  readonly statusCode = 429;
}

/** The refusal a user at the limit gets, with what to do about it. */
export function tooManyJobs(user: string, limit: number): TooManyJobsError {
  return new TooManyJobsError(
    `${user} already has ${limit} video${
      limit === 1 ? '' : 's'
    } queued or being generated, the most one user may have at a time (videogen.queue.maxJobsPerUser). Wait until one finishes, or cancel one, and upload again.`,
  );
}
