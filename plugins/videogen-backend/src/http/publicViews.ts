import {
  Environment,
  Run,
  RunLogChunk,
} from '@videogen/plugin-videogen-common';
import { scrubServerPaths } from './scrubServerPaths';

// What readers of environments and runs may see. A local environment's
// Terraform outputs (storage_path, uploads_bucket, videos_bucket) and the
// apply log that prints them name directories of the server; the API
// answers show `[path]` instead. The stored values keep the paths: the
// backend itself needs them.

function scrubValue(value: unknown): unknown {
  if (typeof value === 'string') {
    return scrubServerPaths(value);
  }
  if (Array.isArray(value)) {
    return value.map(scrubValue);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, scrubValue(inner)]),
    );
  }
  return value;
}

function scrubOutputs<T extends { outputs?: Record<string, unknown> }>(
  item: T,
): T {
  return item.outputs
    ? {
        ...item,
        outputs: scrubValue(item.outputs) as Record<string, unknown>,
      }
    : item;
}

export function publicEnvironment(environment: Environment): Environment {
  return scrubOutputs(environment);
}

export function publicRun(run: Run): Run {
  const scrubbed = scrubOutputs(run);
  return scrubbed.message
    ? { ...scrubbed, message: scrubServerPaths(scrubbed.message) }
    : scrubbed;
}

/**
 * A log chunk with server paths replaced. Offsets stay those of the stored
 * log, so a reader that follows `nextOffset` reads on from the right byte.
 */
export function publicLogChunk(chunk: RunLogChunk): RunLogChunk {
  return { ...chunk, text: scrubServerPaths(chunk.text) };
}
