import { EnvironmentDrain } from '../environments/drain';
import { Job, QueueKind } from './JobStore';
import { GeneratorResult } from './results';

/** The stored inputs of a job's video: what the generator is given. */
export type JobInputs = {
  videoId: string;
  photoKey: string;
  scriptKey: string;
};

/**
 * What the queues need of the videos their jobs render; the videos
 * repository implements it. The queue owns this contract so that it does
 * not depend on the upload service that depends on it.
 */
export interface JobVideos {
  /** The video's stored inputs, or undefined when the video is gone. */
  inputsOf(videoId: string): Promise<JobInputs | undefined>;
  /** Keeps a finished job's result on its video. */
  recordResult(videoId: string, result: GeneratorResult): Promise<void>;
}

/** The local worker pool, as the status endpoint shows it. */
export type PoolStatus = { slots: number; busy: number; host: string };

/**
 * Runs render jobs: the local queue (child processes on this host) or AWS
 * Batch. Job rows are inserted by the pipeline together with their video
 * (state SUBMITTED); the queue takes them from there.
 */
export interface JobQueue {
  readonly kind: QueueKind;
  /** Hands a newly inserted SUBMITTED job to the queue. */
  submit(job: Job): Promise<void>;
  /**
   * Fails a job that has not finished with `reason` and stops its work
   * (terminates the child process or the Batch job). False when the job had
   * already finished.
   */
  cancel(jobId: string, reason: string): Promise<boolean>;
  /** Disables and enables environments, for the run engine's destroy. */
  readonly drain: EnvironmentDrain;
  /** Starts background work (workers, polling). */
  start(): Promise<void>;
  /** Stops background work; the local queue hands its running jobs back. */
  stop(): Promise<void>;
  /** The local pool's slots, or undefined for Batch. */
  pool?(): PoolStatus;
}
