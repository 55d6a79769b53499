import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  Parameter,
  Stack,
  StackEvent,
  UpdateStackCommand,
  waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete,
  waitUntilStackUpdateComplete,
} from '@aws-sdk/client-cloudformation';
import { LoggerService } from '@backstage/backend-plugin-api';

export type WaitOptions = {
  /** Seconds between waiter polls (CloudFormation's defaults are 30 to 120). */
  minDelaySeconds: number;
  maxDelaySeconds: number;
  maxWaitSeconds: number;
  /** Seconds between reads of new stack events for the task log. */
  eventPollSeconds: number;
};

export const DEFAULT_WAIT: WaitOptions = {
  minDelaySeconds: 5,
  maxDelaySeconds: 30,
  maxWaitSeconds: 1800,
  eventPollSeconds: 5,
};

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);

const isThrottling = (error: unknown) =>
  THROTTLING.has((error as { name?: string })?.name ?? '');

/**
 * Sends a command, retrying throttling errors with exponential backoff. The
 * SDK retries too, but a burst of stack operations across regions can still
 * exhaust its attempts; a throttled call is never a reason to fail a task.
 */
export async function sendWithBackoff<T>(
  send: () => Promise<T>,
  options: { attempts?: number; baseDelayMs?: number } = {},
): Promise<T> {
  const attempts = options.attempts ?? 6;
  const base = options.baseDelayMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (!isThrottling(error) || attempt >= attempts) throw error;
      const delay = base * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
      await new Promise(resolve => setTimeout(resolve, delay));
    }
  }
}

export async function describeStack(
  client: CloudFormationClient,
  stackName: string,
): Promise<Stack | undefined> {
  try {
    const result = await sendWithBackoff(() =>
      client.send(new DescribeStacksCommand({ StackName: stackName })),
    );
    return result.Stacks?.[0];
  } catch (error) {
    if (
      (error as Error).name === 'ValidationError' &&
      /does not exist/.test((error as Error).message)
    ) {
      return undefined;
    }
    throw error;
  }
}

const describeEvent = (event: StackEvent) =>
  `${event.LogicalResourceId ?? '?'} (${event.ResourceType ?? '?'}): ${
    event.ResourceStatus ?? '?'
  }${event.ResourceStatusReason ? ` — ${event.ResourceStatusReason}` : ''}`;

/**
 * Follows a stack operation: streams its events into the log while the SDK
 * waiter polls for the end state, and on failure throws with the reason of
 * the first resource that failed.
 */
export async function followStackOperation(options: {
  client: CloudFormationClient;
  stackName: string;
  operation: 'create' | 'update' | 'delete';
  since: Date;
  logger: LoggerService;
  wait: WaitOptions;
}): Promise<void> {
  const { client, stackName, operation, since, logger, wait } = options;
  const seen = new Set<string>();
  const failures: StackEvent[] = [];

  const readEvents = async () => {
    const result = await sendWithBackoff(() =>
      client.send(new DescribeStackEventsCommand({ StackName: stackName })),
    ).catch(() => undefined);
    // CloudFormation returns the newest events first.
    const fresh = (result?.StackEvents ?? [])
      .filter(e => e.EventId && !seen.has(e.EventId))
      .filter(e => !e.Timestamp || e.Timestamp >= since)
      .reverse();
    for (const event of fresh) {
      seen.add(event.EventId!);
      logger.info(describeEvent(event));
      if (event.ResourceStatus?.endsWith('_FAILED')) failures.push(event);
    }
  };

  let polling = true;
  const poller = (async () => {
    while (polling) {
      await readEvents();
      await new Promise(resolve =>
        setTimeout(resolve, wait.eventPollSeconds * 1000),
      );
    }
  })();

  const waiterParams = {
    client,
    minDelay: wait.minDelaySeconds,
    maxDelay: wait.maxDelaySeconds,
    maxWaitTime: wait.maxWaitSeconds,
  };
  const input = { StackName: stackName };
  try {
    if (operation === 'create')
      await waitUntilStackCreateComplete(waiterParams, input);
    else if (operation === 'update')
      await waitUntilStackUpdateComplete(waiterParams, input);
    else await waitUntilStackDeleteComplete(waiterParams, input);
  } catch (error) {
    polling = false;
    await poller;
    await readEvents();
    const cause = failures.find(e => e.ResourceStatusReason) ?? failures[0];
    const reason = cause
      ? `${cause.LogicalResourceId}: ${
          cause.ResourceStatusReason ?? cause.ResourceStatus
        }`
      : (error as Error).message;
    throw new Error(
      `CloudFormation ${operation} of stack ${stackName} failed — ${reason}`,
    );
  }
  polling = false;
  await poller;
  await readEvents();
}

export async function createOrUpdateStack(options: {
  client: CloudFormationClient;
  stackName: string;
  templateBody: string;
  parameters: Parameter[];
  tags: Array<{ Key: string; Value: string }>;
  logger: LoggerService;
  wait: WaitOptions;
}): Promise<Stack> {
  const { client, stackName, templateBody, parameters, tags, logger, wait } =
    options;
  let stack = await describeStack(client, stackName);

  if (stack?.StackStatus === 'ROLLBACK_COMPLETE') {
    // A stack whose first create failed cannot be updated, only replaced.
    logger.info(
      `Stack ${stackName} is ROLLBACK_COMPLETE after a failed create; deleting it first.`,
    );
    const since = new Date();
    await sendWithBackoff(() =>
      client.send(new DeleteStackCommand({ StackName: stackName })),
    );
    await followStackOperation({
      client,
      stackName,
      operation: 'delete',
      since,
      logger,
      wait,
    });
    stack = undefined;
  }

  const since = new Date();
  if (!stack) {
    logger.info(`Creating CloudFormation stack ${stackName}`);
    await sendWithBackoff(() =>
      client.send(
        new CreateStackCommand({
          StackName: stackName,
          TemplateBody: templateBody,
          Parameters: parameters,
          Tags: tags,
          OnFailure: 'ROLLBACK',
        }),
      ),
    );
    await followStackOperation({
      client,
      stackName,
      operation: 'create',
      since,
      logger,
      wait,
    });
  } else {
    logger.info(
      `Updating CloudFormation stack ${stackName} (${stack.StackStatus})`,
    );
    try {
      await sendWithBackoff(() =>
        client.send(
          new UpdateStackCommand({
            StackName: stackName,
            TemplateBody: templateBody,
            Parameters: parameters,
            Tags: tags,
          }),
        ),
      );
      await followStackOperation({
        client,
        stackName,
        operation: 'update',
        since,
        logger,
        wait,
      });
    } catch (error) {
      if (/No updates are to be performed/i.test((error as Error).message)) {
        logger.info(`Stack ${stackName} is already up to date.`);
      } else {
        throw error;
      }
    }
  }
  const result = await describeStack(client, stackName);
  if (!result) {
    throw new Error(`Stack ${stackName} disappeared after it was created.`);
  }
  return result;
}
