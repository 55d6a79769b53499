import { JOB_STATES, JobState } from '@videogen/plugin-videogen-common';
import { useCallback, useEffect, useRef } from 'react';

/** Wait before asking again when an answer predates the pushed change. */
export const RECHECK_DELAY_MS = 400;
/** How many times to ask again for one pushed change. */
export const MAX_RECHECKS = 5;

/**
 * Whether a job shown as `shown` has not yet reached `pushed`. A finished
 * state is never behind (a later retry cannot un-finish a job).
 */
export function jobStateBehind(shown: JobState, pushed: JobState): boolean {
  const rank = (s: JobState) =>
    s === 'FAILED' ? JOB_STATES.indexOf('SUCCEEDED') : JOB_STATES.indexOf(s);
  return rank(shown) < rank(pushed);
}

/**
 * Re-reads after a pushed change until the answer shows it. The backend
 * shares database reads between callers for about a second, so a refresh
 * right after a push can return what was read just before the change (the
 * RUNNING push's refresh answering the SUCCEEDED push's refresh too). The
 * comparison is by content, not by clocks: browser and server clocks differ.
 *
 * `behind(value, change)` says whether `value` does not show `change` yet.
 * Returns `expect(change)`, to call when a change is pushed; it refreshes.
 */
export function useRecheck<T, C>(
  value: T | undefined,
  refresh: () => void,
  behind: (value: T, change: C) => boolean,
  keyOf: (change: C) => string,
): (change: C) => void {
  const pending = useRef(new Map<string, { change: C; tries: number }>());
  const behindRef = useRef(behind);
  behindRef.current = behind;

  const expect = useCallback(
    (change: C) => {
      pending.current.set(keyOf(change), { change, tries: 0 });
      refresh();
    },
    // keyOf is a pure function of the change; callers pass module functions.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [refresh],
  );

  // Every answer is a new object, so this runs after each fetch.
  useEffect(() => {
    if (value === undefined || pending.current.size === 0) return undefined;
    let again = false;
    for (const [key, entry] of pending.current) {
      if (
        !behindRef.current(value, entry.change) ||
        entry.tries >= MAX_RECHECKS
      ) {
        pending.current.delete(key);
      } else {
        entry.tries += 1;
        again = true;
      }
    }
    if (!again) return undefined;
    const timer = setTimeout(refresh, RECHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [value, refresh]);

  return expect;
}
