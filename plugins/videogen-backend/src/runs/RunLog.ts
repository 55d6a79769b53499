import { LogChunk, RunStore } from './RunStore';
import { SecretScrubber, stripAnsi } from '../terraform/output';

/** Longest line kept; Terraform's lines are short, a runaway one is cut. */
const MAX_LINE_CHARS = 16 * 1024;
/**
 * Lines are written at most this long after they arrive: Terraform prints
 * in bursts, and one insert per burst instead of per line keeps the
 * database work per run small.
 */
const FLUSH_DELAY_MS = 100;

/**
 * Tail chunks are at most this long (and at most an eighth of the tail's
 * budget), so the tail is trimmed finely and a log overshoots its bound by
 * at most one small chunk.
 */
const MAX_CHUNK_CHARS = 16 * 1024;

/**
 * The log of one run, written to the database as lines arrive.
 *
 * Every line is stripped of ANSI escapes and scrubbed of secrets before it
 * is stored, at most FLUSH_DELAY_MS after it arrived (a burst of lines is
 * one write).
 *
 * A run's log is bounded (`maxBytes`): the first half of the budget keeps
 * the head (what Terraform planned), the second half the tail (how it
 * ended); chunks in between are deleted as the tail grows. Offsets stay
 * those of the whole log, so a reader sees the gap and notes it.
 */
export class RunLog {
  private readonly headBudget: number;
  private readonly tailBudget: number;
  private readonly maxChunkChars: number;
  private headBytes = 0;
  private headOpen = true;
  private offset = 0;
  private tail: Array<{ start: number; end: number; bytes: number }> = [];
  private tailBytes = 0;
  private pending: string[] = [];
  private flushTimer?: NodeJS.Timeout;
  private chain: Promise<void> = Promise.resolve();
  private failed?: Error;

  constructor(
    private readonly store: RunStore,
    private readonly runId: string,
    private readonly options: {
      maxBytes: number;
      scrubber: SecretScrubber;
      /** Called after each write, to wake followers. */
      onWrite?: () => void;
      /** Offset to continue at (a run resumed after approval). */
      startOffset?: number;
    },
  ) {
    this.headBudget = Math.floor(options.maxBytes / 2);
    this.tailBudget = options.maxBytes - this.headBudget;
    this.maxChunkChars = Math.min(
      MAX_CHUNK_CHARS,
      Math.max(256, Math.floor(this.tailBudget / 8)),
    );
    // A run resumed after its approval continues its log. Its plan phase is
    // counted against the head budget (characters stand in for bytes here).
    this.offset = options.startOffset ?? 0;
    this.headBytes = this.offset;
    this.headOpen = this.headBytes < this.headBudget;
  }

  /** Cleans a line the way it will be stored. */
  clean(line: string): string {
    let text = this.options.scrubber.scrub(stripAnsi(line));
    if (text.length > MAX_LINE_CHARS) {
      text = `${text.slice(
        0,
        MAX_LINE_CHARS,
      )} [line cut at ${MAX_LINE_CHARS} characters]`;
    }
    return text;
  }

  /** Adds a line; it is stored shortly after. Returns the cleaned line. */
  line(raw: string): string {
    const text = this.clean(raw);
    this.pending.push(`${text}\n`);
    if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => this.scheduleFlush(), FLUSH_DELAY_MS);
    }
    return text;
  }

  private scheduleFlush() {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.chain = this.chain.then(() => this.flush());
  }

  /** Waits until every line added so far is stored. */
  async close(): Promise<void> {
    this.scheduleFlush();
    await this.chain;
    if (this.failed) {
      const error = this.failed;
      this.failed = undefined;
      throw error;
    }
  }

  private async flush(): Promise<void> {
    const lines = this.pending;
    this.pending = [];
    if (!lines.length) return;
    try {
      const headLines: string[] = [];
      let i = 0;
      for (; this.headOpen && i < lines.length; i++) {
        const bytes = Buffer.byteLength(lines[i]);
        if (this.headBytes + bytes > this.headBudget) {
          this.headOpen = false;
          break;
        }
        this.headBytes += bytes;
        headLines.push(lines[i]);
      }
      if (headLines.length) await this.write(headLines.join(''));

      let chunk = '';
      for (; i < lines.length; i++) {
        if (chunk && chunk.length + lines[i].length > this.maxChunkChars) {
          await this.writeTail(chunk);
          chunk = '';
        }
        chunk += lines[i];
      }
      if (chunk) await this.writeTail(chunk);
    } catch (error) {
      // Keep the run going; the engine reports the failure when it closes.
      this.failed = error as Error;
    }
    this.options.onWrite?.();
  }

  private async write(text: string): Promise<LogChunk> {
    const chunk: LogChunk = {
      startOffset: this.offset,
      endOffset: this.offset + text.length,
      text,
    };
    await this.store.appendLog(this.runId, chunk);
    this.offset = chunk.endOffset;
    return chunk;
  }

  private async writeTail(text: string): Promise<void> {
    const chunk = await this.write(text);
    const bytes = Buffer.byteLength(text);
    this.tail.push({ start: chunk.startOffset, end: chunk.endOffset, bytes });
    this.tailBytes += bytes;
    while (this.tailBytes > this.tailBudget && this.tail.length > 1) {
      const dropped = this.tail.shift()!;
      this.tailBytes -= dropped.bytes;
      await this.store.dropLog(this.runId, dropped.start, dropped.end);
    }
  }
}

/**
 * What a reader gets for `offset`: the stored text from there on, with a
 * note wherever the middle of the log was dropped.
 */
export function joinLogChunks(
  chunks: LogChunk[],
  offset: number,
): { text: string; nextOffset: number } {
  let cursor = offset;
  let text = '';
  for (const chunk of chunks) {
    if (chunk.startOffset > cursor) {
      text += `[videogen: ${
        chunk.startOffset - cursor
      } characters of this log were dropped to keep it within videogen.terraform.maxLogBytes]\n`;
      cursor = chunk.startOffset;
    }
    text += chunk.text.slice(cursor - chunk.startOffset);
    cursor = chunk.endOffset;
  }
  return { text, nextOffset: cursor };
}
