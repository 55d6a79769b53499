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

/** Text without a line end longer than this is returned unsplit. */
export const LONG_LINE_CHARS = 16 * 1024;

/**
 * A log chunk with server paths replaced. Offsets stay those of the stored
 * log, so a reader that follows `nextOffset` reads on from the right byte.
 *
 * Until the log is complete, a chunk ends at its last line end: the line
 * being written is held back (`nextOffset` before it) and read whole next
 * time, so that a path cut in two by the moment of reading cannot slip
 * through half-scrubbed. A chunk with no line end at all (a line longer
 * than `LONG_LINE_CHARS`, or its start) is returned as it is only when it is
 * long, so a reader always moves on.
 */
export function publicLogChunk(chunk: RunLogChunk): RunLogChunk {
  const lineEnd = chunk.text.lastIndexOf('\n') + 1;
  const held = chunk.text.length - lineEnd;
  if (chunk.complete || held === 0) {
    return { ...chunk, text: scrubServerPaths(chunk.text) };
  }
  if (lineEnd === 0 && held >= LONG_LINE_CHARS) {
    return { ...chunk, text: scrubServerPaths(chunk.text) };
  }
  // The held-back tail follows the last line end, so it is stored log text
  // (the reader's notes on dropped text end with a line end): its length
  // is its length in offsets.
  return {
    ...chunk,
    text: scrubServerPaths(chunk.text.slice(0, lineEnd)),
    nextOffset: chunk.nextOffset - held,
  };
}
