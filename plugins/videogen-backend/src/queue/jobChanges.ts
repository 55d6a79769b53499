import { Job } from './jobRows';

/**
 * A job's state as one replica just wrote it (a new job, a transition, a
 * claim, a reclaimed lease, a cancel). `createdBy` is given where the writer
 * knows it without another query (the insert of a new video).
 */
export type JobChange = { job: Job; createdBy?: string };

/**
 * Told of every job state this process writes. The queue owns this contract
 * (like {@link JobVideos}) so that whoever pushes changes to browsers plugs
 * in without the queue depending on it. Only the replica that wrote a state
 * hears of it, so with several replicas each change is heard exactly once.
 *
 * `jobChanged` is called after the write has committed; it must not throw
 * and must not block (it is not awaited).
 */
export interface JobChangeListener {
  jobChanged(change: JobChange): void;
}

/** Tells the listener, if any; a throwing listener never fails the write. */
export function tellJobChanged(
  listener: JobChangeListener | undefined,
  change: JobChange,
): void {
  if (!listener) return;
  try {
    listener.jobChanged(change);
  } catch {
    // The listener's own failure; the state is stored either way.
  }
}
