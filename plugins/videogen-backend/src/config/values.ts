import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';

// Small readers shared by the config readers of each concern (storage,
// queue, status, videos, terraform): the same checks and the same error
// messages everywhere.

/** A number at `key`, at least `min` (and whole when asked), or `fallback`. */
export function readNumber(
  config: Config,
  key: string,
  fallback: number,
  { min = 0, integer = false }: { min?: number; integer?: boolean } = {},
): number {
  const value = config.getOptionalNumber(key);
  if (value === undefined) {
    return fallback;
  }
  if (
    !Number.isFinite(value) ||
    value < min ||
    (integer && !Number.isInteger(value))
  ) {
    throw new Error(
      `Invalid config ${key}: ${value}; expected ${
        integer ? 'a whole number' : 'a number'
      } of at least ${min}`,
    );
  }
  return value;
}

/** A trimmed string at `key`; undefined when unset or blank. */
export function readOptionalString(
  config: Config,
  key: string,
): string | undefined {
  const value = config.getOptionalString(key)?.trim();
  return value ? value : undefined;
}

/**
 * A Backstage duration at `key` (`{ seconds: 5 }`, `'5s'` or `'PT5S'`) in
 * milliseconds, at least `minMs`, or `fallbackMs` when unset.
 */
export function readMilliseconds(
  config: Config,
  key: string,
  fallbackMs: number,
  { minMs = 0 }: { minMs?: number } = {},
): number {
  if (!config.has(key)) {
    return fallbackMs;
  }
  const ms = durationToMilliseconds(readDurationFromConfig(config, { key }));
  if (!Number.isFinite(ms) || ms < minMs) {
    throw new Error(
      `Invalid config ${key}: ${ms} ms; expected a duration of at least ${minMs} ms`,
    );
  }
  return ms;
}
