import { act, renderHook } from '@testing-library/react';
import {
  MAX_POLL_BACKOFF_MS,
  MIN_POLL_INTERVAL_MS,
  pollDelay,
  usePolling,
} from './usePolling';

let visibility: DocumentVisibilityState = 'visible';
function setVisibility(state: DocumentVisibilityState) {
  visibility = state;
  document.dispatchEvent(new Event('visibilitychange'));
}

beforeAll(() => {
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => visibility,
  });
});

beforeEach(() => {
  visibility = 'visible';
  jest.useFakeTimers();
});

afterEach(() => {
  jest.useRealTimers();
});

/** Advance fake time and let the fetches' promises settle. */
async function advance(ms: number) {
  await act(async () => {
    await jest.advanceTimersByTimeAsync(ms);
  });
}

describe('pollDelay', () => {
  it('never goes below 5 seconds', () => {
    expect(pollDelay(0, 0)).toBe(MIN_POLL_INTERVAL_MS);
    expect(pollDelay(1000, 0)).toBe(5000);
    expect(pollDelay(10_000, 0)).toBe(10_000);
  });

  it('doubles per consecutive failure up to the cap', () => {
    expect([0, 1, 2, 3, 4].map(n => pollDelay(5000, n, 60_000))).toEqual([
      5000, 10_000, 20_000, 40_000, 60_000,
    ]);
    expect(pollDelay(5000, 100)).toBe(MAX_POLL_BACKOFF_MS);
  });
});

describe('usePolling', () => {
  it('fetches at once, then every interval after each answer', async () => {
    const fetcher = jest.fn(async () => 'value');
    const { result } = renderHook(() =>
      usePolling(fetcher, [], { intervalMs: 10_000 }),
    );
    expect(result.current.loading).toBe(true);
    await advance(0);
    expect(fetcher).toHaveBeenCalledTimes(1);
    expect(result.current).toMatchObject({ value: 'value', loading: false });
    expect(result.current.updatedAt).toBeInstanceOf(Date);

    await advance(9_999);
    expect(fetcher).toHaveBeenCalledTimes(1);
    await advance(1);
    expect(fetcher).toHaveBeenCalledTimes(2);
  });

  it('never polls faster than every 5 seconds, whatever it is asked', async () => {
    const fetcher = jest.fn(async () => 1);
    renderHook(() => usePolling(fetcher, [], { intervalMs: 100 }));
    await advance(0);
    await advance(4_999);
    expect(fetcher).toHaveBeenCalledTimes(1);
    await advance(1);
    expect(fetcher).toHaveBeenCalledTimes(2);
    await advance(60_000);
    expect(fetcher).toHaveBeenCalledTimes(14);
  });

  it('backs off exponentially on errors, keeps the last value, and recovers', async () => {
    let fail = false;
    const fetcher = jest.fn(async () => {
      if (fail) throw new Error('backend down');
      return 'good';
    });
    const { result } = renderHook(() =>
      usePolling(fetcher, [], { intervalMs: 5_000, maxIntervalMs: 40_000 }),
    );
    await advance(0);
    expect(fetcher).toHaveBeenCalledTimes(1);

    fail = true;
    const callTimes: number[] = [];
    fetcher.mockImplementation(async () => {
      callTimes.push(Date.now());
      if (fail) throw new Error('backend down');
      return 'good';
    });
    const start = Date.now();
    await advance(5_000); // 1st failure at +5 s
    expect(result.current.error?.message).toBe('backend down');
    expect(result.current.value).toBe('good');
    expect(result.current.failures).toBe(1);
    await advance(200_000);
    // Waits after failures 1..: 10, 20, 40 (cap), 40, 40 ...
    const gaps = callTimes.map((t, i) => t - (i ? callTimes[i - 1] : start));
    expect(gaps.slice(0, 6)).toEqual([
      5_000, 10_000, 20_000, 40_000, 40_000, 40_000,
    ]);

    fail = false;
    await advance(40_000);
    expect(result.current.error).toBeUndefined();
    expect(result.current.failures).toBe(0);
    const calls = fetcher.mock.calls.length;
    await advance(5_000);
    expect(fetcher.mock.calls.length).toBe(calls + 1);
  });

  it('pauses while the tab is hidden and catches up when it is shown', async () => {
    const fetcher = jest.fn(async () => 'v');
    renderHook(() => usePolling(fetcher, [], { intervalMs: 10_000 }));
    await advance(0);
    expect(fetcher).toHaveBeenCalledTimes(1);

    setVisibility('hidden');
    await advance(120_000);
    expect(fetcher).toHaveBeenCalledTimes(1);

    await act(async () => setVisibility('visible'));
    await advance(0);
    expect(fetcher).toHaveBeenCalledTimes(2); // overdue: fetched at once
    await advance(10_000);
    expect(fetcher).toHaveBeenCalledTimes(3);
  });

  it('does not fetch early when the tab comes back before the data is due', async () => {
    const fetcher = jest.fn(async () => 'v');
    renderHook(() => usePolling(fetcher, [], { intervalMs: 10_000 }));
    await advance(0);
    setVisibility('hidden');
    await advance(2_000);
    await act(async () => setVisibility('visible'));
    await advance(7_999);
    expect(fetcher).toHaveBeenCalledTimes(1);
    await advance(1);
    expect(fetcher).toHaveBeenCalledTimes(2);
  });

  it('does not start while hidden', async () => {
    visibility = 'hidden';
    const fetcher = jest.fn(async () => 'v');
    renderHook(() => usePolling(fetcher, []));
    await advance(60_000);
    expect(fetcher).not.toHaveBeenCalled();
    await act(async () => setVisibility('visible'));
    await advance(0);
    expect(fetcher).toHaveBeenCalledTimes(1);
  });

  it('fetches again at once on refresh, and after an in-flight fetch if one is running', async () => {
    let resolve: (v: string) => void = () => {};
    const fetcher = jest.fn(
      () =>
        new Promise<string>(r => {
          resolve = r;
        }),
    );
    const { result } = renderHook(() => usePolling(fetcher, []));
    await advance(0);
    expect(fetcher).toHaveBeenCalledTimes(1);
    act(() => result.current.refresh());
    await act(async () => resolve('first'));
    await advance(0);
    expect(fetcher).toHaveBeenCalledTimes(2);
    await act(async () => resolve('second'));
    expect(result.current.value).toBe('second');

    act(() => result.current.refresh());
    await advance(0);
    expect(fetcher).toHaveBeenCalledTimes(3);
  });

  it('starts over when the deps change, and aborts the old request', async () => {
    const signals: AbortSignal[] = [];
    const fetcher = jest.fn(async (signal: AbortSignal) => {
      signals.push(signal);
      return 'x';
    });
    const { result, rerender } = renderHook(
      ({ name }) =>
        usePolling(s => fetcher(s).then(v => `${v}-${name}`), [name]),
      { initialProps: { name: 'a' } },
    );
    await advance(0);
    expect(result.current.value).toBe('x-a');
    rerender({ name: 'b' });
    expect(result.current.value).toBeUndefined();
    expect(result.current.loading).toBe(true);
    expect(signals[0].aborted).toBe(true);
    await advance(0);
    expect(result.current.value).toBe('x-b');
  });

  it('does nothing while disabled, and keeps its timing when the interval changes', async () => {
    const fetcher = jest.fn(async () => 'v');
    const { result, rerender } = renderHook(
      ({ enabled, intervalMs }) =>
        usePolling(fetcher, [], { enabled, intervalMs }),
      { initialProps: { enabled: false, intervalMs: 10_000 } },
    );
    await advance(60_000);
    expect(fetcher).not.toHaveBeenCalled();
    expect(result.current.loading).toBe(false);

    rerender({ enabled: true, intervalMs: 10_000 });
    await advance(0);
    expect(fetcher).toHaveBeenCalledTimes(1);
    await advance(3_000);
    rerender({ enabled: true, intervalMs: 5_000 });
    await advance(1_999);
    expect(fetcher).toHaveBeenCalledTimes(1);
    await advance(1);
    expect(fetcher).toHaveBeenCalledTimes(2);
  });

  it('stops when unmounted', async () => {
    const fetcher = jest.fn(async () => 'v');
    const { unmount } = renderHook(() => usePolling(fetcher, []));
    await advance(0);
    unmount();
    await advance(60_000);
    expect(fetcher).toHaveBeenCalledTimes(1);
  });
});
