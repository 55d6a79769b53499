import { renderHook } from '@testing-library/react';
import { videogenSignalChannel } from '@videogen/plugin-videogen-common';
import { mockVideogenApi } from '../__testUtils__/fixtures';
import { apisWrapper, InMemorySignalApi } from './__testUtils__/signals';
import {
  asVideogenSignal,
  PUSH_FALLBACK_INTERVAL_MS,
  usePushAwareInterval,
  useVideogenSignals,
} from './useVideogenSignals';

const video = {
  kind: 'video',
  environment: 'local',
  videoId: 'v1',
  jobId: 'j1',
  state: 'RUNNING',
  createdBy: 'user:default/guest',
} as const;

describe('asVideogenSignal', () => {
  it('accepts the contract kinds of its own environment only', () => {
    expect(asVideogenSignal(video, 'local')).toEqual(video);
    expect(asVideogenSignal(video, 'other')).toBeUndefined();
    expect(asVideogenSignal({ ...video, kind: 'weird' }, 'local')).toBe(
      undefined,
    );
    expect(asVideogenSignal('text', 'local')).toBeUndefined();
    expect(asVideogenSignal(null, 'local')).toBeUndefined();
  });
});

describe('useVideogenSignals', () => {
  it('delivers every message of the environment channel, in order', async () => {
    const signals = new InMemorySignalApi();
    const seen: string[] = [];
    const { result, unmount } = renderHook(
      () => useVideogenSignals('local', s => seen.push(s.kind)),
      { wrapper: apisWrapper(mockVideogenApi(), signals) },
    );
    expect(result.current.available).toBe(true);
    expect(signals.count(videogenSignalChannel('local'))).toBe(1);
    // Two changes in the same tick: both count (useSignal keeps the last).
    await signals.push(
      { ...video, state: 'RUNNING' },
      { ...video, state: 'SUCCEEDED' },
    );
    await signals.push({
      kind: 'run',
      environment: 'local',
      runId: 'r',
      status: 'RUNNING',
    });
    expect(seen).toEqual(['video', 'video', 'run']);
    unmount();
    expect(signals.count(videogenSignalChannel('local'))).toBe(0);
  });

  it('subscribes to each environment of a list once, and not while disabled', () => {
    const signals = new InMemorySignalApi();
    const { rerender } = renderHook(
      (props: { names: string[]; enabled: boolean }) =>
        useVideogenSignals(props.names, () => {}, props.enabled),
      {
        wrapper: apisWrapper(mockVideogenApi(), signals),
        initialProps: { names: ['a', 'b', 'a'], enabled: false },
      },
    );
    expect(signals.count(videogenSignalChannel('a'))).toBe(0);
    rerender({ names: ['a', 'b', 'a'], enabled: true });
    expect(signals.count(videogenSignalChannel('a'))).toBe(1);
    expect(signals.count(videogenSignalChannel('b'))).toBe(1);
    rerender({ names: ['b'], enabled: true });
    expect(signals.count(videogenSignalChannel('a'))).toBe(0);
    expect(signals.count(videogenSignalChannel('b'))).toBe(1);
  });

  it('reports pushes unavailable when the app has no signals plugin', () => {
    const { result } = renderHook(() => useVideogenSignals('local', () => {}), {
      wrapper: apisWrapper(mockVideogenApi()),
    });
    expect(result.current.available).toBe(false);
  });
});

describe('usePushAwareInterval', () => {
  it('slows to the fallback with pushes and keeps the fast interval without', () => {
    const withPush = renderHook(() => usePushAwareInterval(10_000), {
      wrapper: apisWrapper(mockVideogenApi(), new InMemorySignalApi()),
    });
    expect(withPush.result.current).toBe(PUSH_FALLBACK_INTERVAL_MS);
    const without = renderHook(() => usePushAwareInterval(10_000), {
      wrapper: apisWrapper(mockVideogenApi()),
    });
    expect(without.result.current).toBe(10_000);
  });
});
