import { LoggerService } from '@backstage/backend-plugin-api';
import {
  Run,
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
 * Starts a run (or, when the task is recovered after a backend restart,
 * re-attaches to the run it had started: the run id is kept in a
 * checkpoint), forwards its log into the task log as it arrives, cancels it
 * if the task is aborted, and returns the settled run.
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
  const stepId = ctx.step?.id ?? 'step';
  const runId = await ctx.checkpoint({
    key: `videogen.run.${stepId}.${environment}.${request.operation}`,
    fn: async () => {
      const run = await client.startRun(environment, request);
      ctx.logger.info(
        `Started Terraform ${request.operation} run ${run.id} for environment ${environment}`,
      );
      return run.id;
    },
  });
  return followRun({ client, runId, logger: ctx.logger, signal: ctx.signal });
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
