import {
  DependencyList,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';

/** Nothing in this plugin asks the server again sooner than this. */
export const MIN_POLL_INTERVAL_MS = 5_000;
/** The longest wait between two attempts while errors back the polling off. */
export const MAX_POLL_BACKOFF_MS = 5 * 60_000;

/** @public */
export type PollingOptions = {
  /** Wait between the end of one fetch and the start of the next (at least 5 s). */
  intervalMs?: number;
  /** Cap of the exponential back-off on consecutive errors. */
  maxIntervalMs?: number;
  /** When false, nothing is fetched and the last result is kept. */
  enabled?: boolean;
};

/** @public */
export type PollingState<T> = {
  value?: T;
  /** The last attempt's error; `value` still holds the last good result. */
  error?: Error;
  /** True until the first attempt has finished. */
  loading: boolean;
  /** When `value` was last fetched successfully. */
  updatedAt?: Date;
  /** How many attempts in a row have failed. */
  failures: number;
  /** Fetch now (after a user action), then carry on polling. */
  refresh: () => void;
};

/** The wait before the next attempt after `failures` failed attempts in a row. */
export function pollDelay(
  intervalMs: number,
  failures: number,
  maxIntervalMs: number = MAX_POLL_BACKOFF_MS,
): number {
  const base = Math.max(intervalMs, MIN_POLL_INTERVAL_MS);
  const cap = Math.max(maxIntervalMs, base);
  return Math.min(base * 2 ** Math.min(failures, 20), cap);
}

function isHidden(): boolean {
  return (
    typeof document !== 'undefined' && document.visibilityState === 'hidden'
  );
}

function sameDeps(a: DependencyList, b: DependencyList): boolean {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}

/** A number that changes whenever `deps` change (shallowly). */
function useDepsVersion(deps: DependencyList): number {
  const ref = useRef({ deps, version: 0 });
  if (!sameDeps(ref.current.deps, deps)) {
    ref.current = { deps, version: ref.current.version + 1 };
  }
  return ref.current.version;
}

type InternalState<T> = Omit<PollingState<T>, 'refresh'> & { version: number };

/**
 * Calls `fetcher` now and then again `intervalMs` after each answer, never
 * sooner than 5 seconds. Pauses while the browser tab is hidden (and fetches
 * at once on return if the data is due), backs off exponentially on
 * consecutive errors up to `maxIntervalMs`, and starts over when `deps`
 * change. The fetcher's signal aborts when the component unmounts or the
 * deps change.
 *
 * @public
 */
export function usePolling<T>(
  fetcher: (signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
  options: PollingOptions = {},
): PollingState<T> {
  const { intervalMs = 10_000, maxIntervalMs, enabled = true } = options;
  const version = useDepsVersion(deps);
  const [state, setState] = useState<InternalState<T>>({
    loading: enabled,
    failures: 0,
    version,
  });
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const refreshRef = useRef<() => void>(() => {});
  // Survives effect restarts caused by option changes (not by deps changes),
  // so a changed interval does not trigger an early fetch.
  const progress = useRef({ version, failures: 0, finishedAt: 0 });

  useEffect(() => {
    if (progress.current.version !== version) {
      progress.current = { version, failures: 0, finishedAt: 0 };
    }
    if (!enabled) {
      setState(s => (s.loading ? { ...s, loading: false } : s));
      return undefined;
    }
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;
    let refreshRequested = false;
    let dueAt = progress.current.finishedAt
      ? progress.current.finishedAt +
        pollDelay(intervalMs, progress.current.failures, maxIntervalMs)
      : 0;

    const stop = () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
    };
    const schedule = () => {
      stop();
      if (controller.signal.aborted || inFlight || isHidden()) return;
      // eslint-disable-next-line @typescript-eslint/no-use-before-define
      timer = setTimeout(run, Math.max(0, dueAt - Date.now()));
    };
    const run = async () => {
      timer = undefined;
      if (controller.signal.aborted || inFlight || isHidden()) return;
      inFlight = true;
      refreshRequested = false;
      try {
        const value = await fetcherRef.current(controller.signal);
        if (controller.signal.aborted) return;
        progress.current.failures = 0;
        setState({
          value,
          loading: false,
          updatedAt: new Date(),
          failures: 0,
          version,
        });
      } catch (e) {
        if (controller.signal.aborted) return;
        const failures = progress.current.failures + 1;
        progress.current.failures = failures;
        const error = e instanceof Error ? e : new Error(String(e));
        setState(s =>
          s.version === version
            ? { ...s, error, loading: false, failures }
            : { error, loading: false, failures, version },
        );
      } finally {
        inFlight = false;
      }
      progress.current.finishedAt = Date.now();
      // A refresh asked for during the fetch wants newer data than it got.
      dueAt = refreshRequested
        ? 0
        : Date.now() +
          pollDelay(intervalMs, progress.current.failures, maxIntervalMs);
      schedule();
    };
    const onVisibilityChange = () => (isHidden() ? stop() : schedule());

    refreshRef.current = () => {
      dueAt = 0;
      if (inFlight) refreshRequested = true;
      else schedule();
    };
    document.addEventListener('visibilitychange', onVisibilityChange);
    schedule();
    return () => {
      controller.abort();
      stop();
      document.removeEventListener('visibilitychange', onVisibilityChange);
      refreshRef.current = () => {};
    };
  }, [enabled, intervalMs, maxIntervalMs, version]);

  const refresh = useCallback(() => refreshRef.current(), []);
  if (state.version !== version) {
    // The deps changed: nothing is known about the new subject yet.
    return { loading: enabled, failures: 0, refresh };
  }
  return { ...state, refresh };
}
