import { EnvironmentDrain } from '../environments/drain';

/**
 * Drains an environment's job queue before a destroy: disable it, wait up
 * to `timeoutSeconds` for its active jobs, then either terminate them (and
 * wait up to `terminateWaitMs` for them to stop) or give up. Returns why it
 * gave up, as a sentence, or undefined once no job runs. The caller enables
 * the queue again when the destroy does not go ahead.
 */
export async function drainQueue(options: {
  drain: EnvironmentDrain;
  environment: string;
  /** Why jobs are terminated (their failure reason). */
  reason: string;
  timeoutSeconds: number;
  terminate: boolean;
  pollMs: number;
  terminateWaitMs: number;
  /** Writes a line to the run's log. */
  say: (line: string) => void;
  /** Throws when the run was cancelled meanwhile. */
  checkCancelled: () => void;
  /** Receives a function that ends the current wait early (on cancel). */
  setWake: (wake: (() => void) | undefined) => void;
}): Promise<string | undefined> {
  const { drain, environment, timeoutSeconds, say } = options;
  say(`Disabling the job queue of ${environment}.`);
  const disabled = await drain.disable(environment);
  if (disabled) say(disabled);
  const deadline = Date.now() + timeoutSeconds * 1000;
  let terminatedAt: number | undefined;
  for (;;) {
    options.checkCancelled();
    const jobs = await drain.activeJobs(environment);
    if (jobs === 0) {
      say('No jobs are running; the queue is drained.');
      return undefined;
    }
    if (Date.now() >= deadline && terminatedAt === undefined) {
      if (!options.terminate) {
        return `${jobs} job(s) of environment ${environment} were still running after ${timeoutSeconds} s, so nothing was destroyed and the queue takes jobs again. Wait for them to finish, or destroy with terminateRunningJobs: true.`;
      }
      say(
        `${jobs} job(s) still running after ${timeoutSeconds} s; terminating them.`,
      );
      await drain.terminateActive(environment, options.reason);
      terminatedAt = Date.now();
    }
    if (
      terminatedAt !== undefined &&
      Date.now() - terminatedAt > options.terminateWaitMs
    ) {
      return `${jobs} terminated job(s) of environment ${environment} did not stop within ${Math.round(
        options.terminateWaitMs / 1000,
      )} s, so nothing was destroyed and the queue takes jobs again.`;
    }
    say(`Waiting for ${jobs} running job(s).`);
    await new Promise<void>(resolve => {
      const timer = setTimeout(resolve, options.pollMs);
      options.setWake(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    options.setWake(undefined);
  }
}
