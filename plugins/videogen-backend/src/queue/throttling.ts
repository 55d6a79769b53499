/** Errors AWS uses to say "slow down"; they are never a job's failure. */
const THROTTLING_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
  'SlowDown',
]);

export function isThrottlingError(error: unknown): boolean {
  const e = error as {
    name?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: { throttling?: boolean };
  };
  return Boolean(
    e &&
      (THROTTLING_NAMES.has(e.name ?? '') ||
        THROTTLING_NAMES.has(e.code ?? '') ||
        e.$metadata?.httpStatusCode === 429 ||
        e.$retryable?.throttling),
  );
}

export type RetryOptions = {
  /** Retries after the first call. Default 5. */
  retries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
};

const defaultSleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

/**
 * Calls `fn`, retrying throttling errors with capped exponential backoff and
 * full jitter; other errors are thrown at once. (The SDK retries too; this is
 * the layer that keeps a busy account from turning into failed jobs.)
 */
export async function withThrottlingRetry<T>(
  fn: () => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const retries = options.retries ?? 5;
  const base = options.baseDelayMs ?? 200;
  const max = options.maxDelayMs ?? 5000;
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!isThrottlingError(error) || attempt >= retries) {
        throw error;
      }
      const ceiling = Math.min(max, base * 2 ** attempt);
      await sleep(Math.round(ceiling / 2 + (Math.random() * ceiling) / 2));
    }
  }
}
