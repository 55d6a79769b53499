/**
 * Job states, named exactly as AWS Batch names them so that the local queue
 * and the Batch adapter speak one vocabulary to the UI.
 *
 * @public
 */
export const JOB_STATES = [
  'SUBMITTED',
  'PENDING',
  'RUNNABLE',
  'STARTING',
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
] as const;

/** @public */
export type JobState = (typeof JOB_STATES)[number];

/** @public */
export const TERMINAL_JOB_STATES: ReadonlyArray<JobState> = [
  'SUCCEEDED',
  'FAILED',
];

/** @public */
export function isJobState(value: unknown): value is JobState {
  return (
    typeof value === 'string' &&
    (JOB_STATES as readonly string[]).includes(value)
  );
}

/** @public */
export function isTerminalJobState(state: JobState): boolean {
  return TERMINAL_JOB_STATES.includes(state);
}
