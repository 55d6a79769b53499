import { LoggerService } from '@backstage/backend-plugin-api';
import {
  Run,
  RunStatus,
  StartRunRequest,
  TERMINAL_RUN_STATUSES,
} from '@videogen/plugin-videogen-common';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { RunApiClient } from '../client/RunApiClient';

/** How long one log request may wait on the server for new lines. */
const LOG_WAIT_SECONDS = 10;

/** A run is done for this action once it is terminal or waits for approval. */
export const isSettled = (run: Pick<Run, 'status'>) =>
  run.status === 'AWAITING_APPROVAL' ||
  TERMINAL_RUN_STATUSES.includes(run.status);

/**
 * Statuses of a run that did not do its job: a task that finds one in its
 * checkpoint (the task is retried, or was recovered after the run was
 * interrupted) starts a new run instead of reporting the old outcome again.
 */
export const RESTARTABLE_RUN_STATUSES: ReadonlyArray<RunStatus> = [
  'FAILED',
  'CANCELLED',
  'INTERRUPTED',
];

/**
 * Starts a run (or, when the task is recovered after a backend restart,
 * re-attaches to the run it had started: the run id is kept in a
 * checkpoint), forwards its log into the task log as it arrives, cancels it
 * if the task is aborted, and returns the settled run.
 *
 * A checkpoint can only be written once, so each new run of the same step
 * gets the next attempt's key: attempt 1 is the run started first, attempt
 * 2 the one started because attempt 1's run ended FAILED, CANCELLED or
 * INTERRUPTED, and so on. A recovered task walks the same chain and lands on
 * the latest run.
 */
export async function startAndFollowRun(options: {
  ctx: Pick<
    ActionContext<any, any>,
    'checkpoint' | 'logger' | 'signal' | 'step'
  >;
  client: RunApiClient;
  environment: string;
  request: StartRunRequest;
}): Promise<Run> {
  const { ctx, client, environment, request } = options;
  const { operation } = request;
  const stepId = ctx.step?.id ?? 'step';
  const baseKey = `videogen.run.${stepId}.${environment}.${operation}`;
  for (let attempt = 1; ; attempt++) {
    let startedNow = false;
    const runId = await ctx.checkpoint({
      // Attempt 1 keeps the key earlier versions wrote, so a task that was
      // in flight during an upgrade still finds its run.
      key: attempt === 1 ? baseKey : `${baseKey}.attempt-${attempt}`,
      fn: async () => {
        if (ctx.signal?.aborted) {
          throw new Error(
            `The task was aborted before the Terraform ${operation} run of environment ${environment} started: no run was started.`,
          );
        }
        const run = await client.startRun(environment, request);
        startedNow = true;
        ctx.logger.info(
          `Started Terraform ${operation} run ${run.id} for environment ${environment}`,
        );
        return run.id;
      },
    });
    if (!startedNow) {
      const previous = await client.getRun(runId);
      if (RESTARTABLE_RUN_STATUSES.includes(previous.status)) {
        ctx.logger.info(
          `Terraform ${operation} run ${runId}, started earlier by this task, ended ${previous.status}; starting a new run.`,
        );
        continue;
      }
      ctx.logger.info(
        `Re-attaching to Terraform ${operation} run ${runId} (${previous.status}), started earlier by this task.`,
      );
    }
    return followRun({ client, runId, logger: ctx.logger, signal: ctx.signal });
  }
}

export async function followRun(options: {
  client: RunApiClient;
  runId: string;
  logger: LoggerService;
  signal?: AbortSignal;
}): Promise<Run> {
  const { client, runId, logger, signal } = options;
  let cancelRequested: Promise<unknown> | undefined;
  const onAbort = () => {
    logger.warn(`Task aborted: cancelling run ${runId}`);
    cancelRequested = client.cancelRun(runId).catch(error => {
      logger.error(`Could not cancel run ${runId}: ${error}`);
    });
  };
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });

  try {
    let offset = 0;
    let pending = '';
    for (;;) {
      const chunk = await client.readLog(
        runId,
        offset,
        signal?.aborted ? 1 : LOG_WAIT_SECONDS,
      );
      pending += chunk.text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim()) logger.info(line);
      }
      offset = chunk.nextOffset;
      if (chunk.complete || isSettled(chunk)) {
        if (pending.trim()) logger.info(pending);
        break;
      }
    }
    await cancelRequested;
    const run = await client.getRun(runId);
    if (signal?.aborted) {
      throw new Error(
        `Run ${runId} was cancelled because the task was aborted (status ${run.status}).`,
      );
    }
    return run;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/** A failed run ends the task with terraform's own explanation. */
export function assertRunSucceeded(run: Run, environment: string): void {
  if (run.status === 'SUCCEEDED' || run.status === 'AWAITING_APPROVAL') {
    return;
  }
  const reason = run.message ? `: ${run.message}` : '';
  const lock = run.lockId ? ` (state lock ID ${run.lockId})` : '';
  throw new Error(
    `Terraform ${run.operation} of environment ${environment} ended ${run.status}${reason}${lock}`,
  );
}
