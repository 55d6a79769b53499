/** A settled lookup: a value, or the error message of a failed one. */
export type Cached<T> = { value?: T; error?: string; updatedAt: Date };

type Entry<T> = {
  settled?: Cached<T>;
  settledAt?: number;
  inFlight?: Promise<Cached<T>>;
};

/**
 * A short-lived cache with single-flight loading: within the TTL every
 * caller gets the last result (a failure is cached too, so a failing API is
 * not hammered), and concurrent callers after it expires share one load.
 */
export class TtlCache {
  private readonly entries = new Map<string, Entry<unknown>>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get<T>(key: string, load: () => Promise<T>): Promise<Cached<T>> {
    let entry = this.entries.get(key) as Entry<T> | undefined;
    if (!entry) {
      entry = {};
      this.entries.set(key, entry as Entry<unknown>);
    }
    if (entry.settled && this.now() - entry.settledAt! < this.ttlMs) {
      return Promise.resolve(entry.settled);
    }
    if (entry.inFlight) {
      return entry.inFlight;
    }
    const current = entry;
    current.inFlight = load()
      .then(
        value => ({ value, updatedAt: new Date(this.now()) }),
        error => ({
          error: describeError(error),
          updatedAt: new Date(this.now()),
        }),
      )
      .then(result => {
        current.settled = result;
        current.settledAt = this.now();
        current.inFlight = undefined;
        return result;
      });
    return current.inFlight;
  }

  /**
   * Forgets a key, so that the next read loads it again. A load already on
   * its way may have read before the change: its callers still get it, but
   * it is not kept for anyone else.
   */
  forget(key: string): void {
    this.entries.delete(key);
  }
}

/** An error as one short line (AWS errors carry no secrets in messages). */
export function describeError(error: unknown): string {
  const e = error as { name?: string; message?: string };
  const message = (e?.message ?? String(error)).replace(/\s+/g, ' ').trim();
  const name = e?.name && e.name !== 'Error' ? `${e.name}: ` : '';
  const text = `${name}${message}`;
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}
