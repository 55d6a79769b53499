/**
 * What the Terraform run engine needs from the job queue to drain an
 * environment before destroying it. The video pipeline implements it for
 * the local queue and for AWS Batch (UpdateJobQueue DISABLED/ENABLED,
 * TerminateJob).
 */
export interface EnvironmentDrain {
  /**
   * Stop taking new jobs for the environment (queued jobs stay queued).
   * Touches only the environment's own queue, never one it shares. May
   * return a sentence for the run's log saying what was disabled (or that
   * the environment has no queue of its own to disable).
   */
  disable(environment: string): Promise<string | void>;
  /** Take jobs again (a destroy that failed or was cancelled re-enables). */
  enable(environment: string): Promise<void>;
  /** Jobs of the environment that are STARTING or RUNNING right now. */
  activeJobs(environment: string): Promise<number>;
  /** Terminate the environment's active jobs; they end FAILED with `reason`. */
  terminateActive(environment: string, reason: string): Promise<void>;
}
