import { TestApiProvider } from '@backstage/frontend-test-utils';
import { act, renderHook } from '@testing-library/react';
import { RunLogChunk } from '@videogen/plugin-videogen-common';
import { ReactNode } from 'react';
import { videogenApiRef } from '../api';
import { mockVideogenApi } from '../__testUtils__/fixtures';
import { LOG_LONG_POLL_SECONDS, useRunLog } from './useRunLog';
import { useMediaAccess } from './useMediaAccess';
import { apisWrapper, InMemorySignalApi } from './__testUtils__/signals';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

async function advance(ms: number) {
  await act(async () => {
    await jest.advanceTimersByTimeAsync(ms);
  });
}

function wrapperFor(api: ReturnType<typeof mockVideogenApi>) {
  return ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[videogenApiRef, api]]}>{children}</TestApiProvider>
  );
}

describe('useRunLog', () => {
  it('follows the log by offset, long-polling, until it is complete', async () => {
    const chunks: RunLogChunk[] = [
      {
        runId: 'r1',
        offset: 0,
        nextOffset: 6,
        text: 'init\n',
        complete: false,
        status: 'RUNNING',
      },
      {
        runId: 'r1',
        offset: 6,
        nextOffset: 6,
        text: '',
        complete: false,
        status: 'RUNNING',
      },
      {
        runId: 'r1',
        offset: 6,
        nextOffset: 18,
        text: 'Plan: 1 add\n',
        complete: true,
        status: 'SUCCEEDED',
      },
    ];
    const api = mockVideogenApi({
      getRunLog: jest.fn(async () => chunks.shift()!),
    });
    const { result } = renderHook(() => useRunLog('r1'), {
      wrapper: wrapperFor(api),
    });
    await advance(0);
    expect(result.current.text).toBe('init\n');
    expect(result.current.complete).toBe(false);
    await advance(5_000);
    await advance(5_000);
    expect(result.current.text).toBe('init\nPlan: 1 add\n');
    expect(result.current.complete).toBe(true);
    expect(result.current.status).toBe('SUCCEEDED');
    expect(
      api.getRunLog.mock.calls.map(([id, r]) => [id, r.offset, r.waitSeconds]),
    ).toEqual([
      ['r1', 0, LOG_LONG_POLL_SECONDS],
      ['r1', 6, LOG_LONG_POLL_SECONDS],
      ['r1', 6, LOG_LONG_POLL_SECONDS],
    ]);
    await advance(60_000);
    expect(api.getRunLog).toHaveBeenCalledTimes(3);
  });

  it('starts over for another run', async () => {
    const api = mockVideogenApi({
      getRunLog: jest.fn(async (runId: string) => ({
        runId,
        offset: 0,
        nextOffset: 3,
        text: `${runId}\n`,
        complete: true,
        status: 'SUCCEEDED' as const,
      })),
    });
    const { result, rerender } = renderHook(({ id }) => useRunLog(id), {
      wrapper: wrapperFor(api),
      initialProps: { id: 'a' as string | undefined },
    });
    await advance(0);
    expect(result.current.text).toBe('a\n');
    rerender({ id: 'b' });
    await advance(0);
    expect(result.current.text).toBe('b\n');
    rerender({ id: undefined });
    expect(result.current.text).toBe('');
  });
});

describe('useMediaAccess', () => {
  it('sets the cookie and renews it before it expires', async () => {
    const api = mockVideogenApi({
      ensureMediaAccess: jest.fn(async () => ({
        expiresAt: new Date(Date.now() + 10 * 60_000).toISOString(),
        contentUrl: (id: string) => `/c/${id}`,
        posterUrl: (id: string) => `/p/${id}`,
      })),
    });
    const { result } = renderHook(() => useMediaAccess(), {
      wrapper: wrapperFor(api),
    });
    await advance(0);
    expect(result.current.access?.contentUrl('v')).toBe('/c/v');
    expect(api.ensureMediaAccess).toHaveBeenCalledTimes(1);
    await advance(10 * 60_000 - 56_000);
    expect(api.ensureMediaAccess).toHaveBeenCalledTimes(1);
    await advance(1_000);
    expect(api.ensureMediaAccess).toHaveBeenCalledTimes(2);
  });

  it('reports a failure and retries later', async () => {
    const api = mockVideogenApi({
      ensureMediaAccess: jest.fn(async () => {
        throw new Error('no cookie for you');
      }),
    });
    const { result } = renderHook(() => useMediaAccess(), {
      wrapper: wrapperFor(api),
    });
    await advance(0);
    expect(result.current.error?.message).toBe('no cookie for you');
    await advance(30_000);
    expect(api.ensureMediaAccess).toHaveBeenCalledTimes(2);
  });
});

describe('useRunLog with pushes', () => {
  it('reads without holding a request open, when the log grows or the run ends', async () => {
    const chunks: RunLogChunk[] = [
      {
        runId: 'r1',
        offset: 0,
        nextOffset: 5,
        text: 'init\n',
        complete: false,
        status: 'RUNNING',
      },
      {
        runId: 'r1',
        offset: 5,
        nextOffset: 10,
        text: 'plan\n',
        complete: false,
        status: 'RUNNING',
      },
      {
        runId: 'r1',
        offset: 10,
        nextOffset: 10,
        text: '',
        complete: true,
        status: 'SUCCEEDED',
      },
    ];
    const api = mockVideogenApi({
      getRunLog: jest.fn(async () => chunks.shift()!),
    });
    const signals = new InMemorySignalApi();
    const { result } = renderHook(() => useRunLog('r1', 'local'), {
      wrapper: apisWrapper(api, signals),
    });
    await advance(0);
    expect(result.current.text).toBe('init\n');
    // Nothing new past what was read: no request.
    await signals.push({
      kind: 'runLog',
      environment: 'local',
      runId: 'r1',
      logSize: 5,
    });
    await advance(0);
    expect(api.getRunLog).toHaveBeenCalledTimes(1);
    // Another run's log is not this one's.
    await signals.push({
      kind: 'runLog',
      environment: 'local',
      runId: 'r2',
      logSize: 50,
    });
    await advance(0);
    expect(api.getRunLog).toHaveBeenCalledTimes(1);
    await signals.push({
      kind: 'runLog',
      environment: 'local',
      runId: 'r1',
      logSize: 10,
    });
    await advance(0);
    expect(result.current.text).toBe('init\nplan\n');
    await signals.push({
      kind: 'run',
      environment: 'local',
      runId: 'r1',
      status: 'SUCCEEDED',
    });
    await advance(0);
    expect(result.current.complete).toBe(true);
    expect(
      api.getRunLog.mock.calls.map(([, r]) => [r.offset, r.waitSeconds]),
    ).toEqual([
      [0, 0],
      [5, 0],
      [10, 0],
    ]);
  });
});
