import { act, renderHook } from '@testing-library/react';
import { JobState } from '@videogen/plugin-videogen-common';
import {
  makeEnvironment,
  makeQueue,
  makeRun,
  makeStatus,
  makeVideo,
  mockVideogenApi,
} from '../__testUtils__/fixtures';
import { apisWrapper, InMemorySignalApi } from './__testUtils__/signals';
import {
  STATUS_INTERVAL_MS,
  useEnvironmentStatus,
  useEnvironmentVideos,
  useTerraformData,
} from './useEnvironmentData';
import { MAX_RECHECKS, RECHECK_DELAY_MS } from './useRecheck';
import { PUSH_FALLBACK_INTERVAL_MS } from './useVideogenSignals';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

async function advance(ms: number) {
  await act(async () => {
    await jest.advanceTimersByTimeAsync(ms);
  });
  // A timer set from a timer runs a millisecond later (as browsers clamp
  // nested timers), and a fetch's answer settles over a few promise turns;
  // each act ends with React's effects, which start the next recheck.
  for (let i = 0; i < 3; i++) {
    await act(async () => {
      await jest.advanceTimersByTimeAsync(1);
    });
  }
}

/** Lets `times` rechecks run (each act ends with React's effects). */
async function recheck(times: number) {
  for (let i = 0; i < times; i++) await advance(RECHECK_DELAY_MS);
}

const videoSignal = (state: JobState) =>
  ({
    kind: 'video',
    environment: 'local',
    videoId: 'video-0001',
    jobId: 'job-0001',
    state,
    createdBy: 'user:default/guest',
  } as const);

/** A status whose queue lists job-0001 in `state`. */
const statusWithJob = (state: JobState) =>
  makeStatus({
    queue: {
      data: makeQueue({
        recentJobs: [
          { id: 'job-0001', videoId: 'video-0001', state, createdAt: '' },
        ],
      }),
      updatedAt: new Date().toISOString(),
    },
  });

describe('useEnvironmentStatus with pushes', () => {
  it('re-reads when a job changes and otherwise polls once a minute', async () => {
    let state: JobState = 'RUNNING';
    const api = mockVideogenApi({
      getEnvironmentStatus: jest.fn(async () => statusWithJob(state)),
    });
    const signals = new InMemorySignalApi();
    const { result } = renderHook(() => useEnvironmentStatus('local'), {
      wrapper: apisWrapper(api, signals),
    });
    await advance(0);
    expect(api.getEnvironmentStatus).toHaveBeenCalledTimes(1);
    // No fast polling: the fast interval passes without a request.
    await advance(STATUS_INTERVAL_MS);
    expect(api.getEnvironmentStatus).toHaveBeenCalledTimes(1);

    state = 'SUCCEEDED';
    await signals.push(videoSignal('SUCCEEDED'));
    await advance(0);
    expect(api.getEnvironmentStatus).toHaveBeenCalledTimes(2);
    expect(result.current.value?.queue.data?.recentJobs[0].state).toBe(
      'SUCCEEDED',
    );
    // Another environment's change, or a run's log, is not this card's.
    await signals.push(
      { ...videoSignal('FAILED'), environment: 'other' },
      { kind: 'runLog', environment: 'local', runId: 'r', logSize: 10 },
    );
    await advance(0);
    expect(api.getEnvironmentStatus).toHaveBeenCalledTimes(2);

    await advance(PUSH_FALLBACK_INTERVAL_MS);
    expect(api.getEnvironmentStatus).toHaveBeenCalledTimes(3);
  });

  it('asks again while the answer predates the pushed change', async () => {
    // The backend shares reads for about a second: the first answers after
    // the push still show RUNNING.
    const answers: JobState[] = ['RUNNING', 'RUNNING', 'RUNNING', 'SUCCEEDED'];
    const api = mockVideogenApi({
      getEnvironmentStatus: jest.fn(async () =>
        statusWithJob(answers.length > 1 ? answers.shift()! : answers[0]),
      ),
    });
    const signals = new InMemorySignalApi();
    const { result } = renderHook(() => useEnvironmentStatus('local'), {
      wrapper: apisWrapper(api, signals),
    });
    await advance(0);
    await signals.push(videoSignal('SUCCEEDED'));
    await advance(0);
    expect(result.current.value?.queue.data?.recentJobs[0].state).toBe(
      'RUNNING',
    );
    await recheck(2);
    expect(result.current.value?.queue.data?.recentJobs[0].state).toBe(
      'SUCCEEDED',
    );
    expect(api.getEnvironmentStatus).toHaveBeenCalledTimes(4);
    // Once current, it stops asking until the next push or poll.
    await recheck(10);
    expect(api.getEnvironmentStatus).toHaveBeenCalledTimes(4);
  });

  it('gives up after a few rechecks when the change never shows', async () => {
    const api = mockVideogenApi({
      getEnvironmentStatus: jest.fn(async () => statusWithJob('RUNNING')),
    });
    const signals = new InMemorySignalApi();
    renderHook(() => useEnvironmentStatus('local'), {
      wrapper: apisWrapper(api, signals),
    });
    await advance(0);
    await signals.push(videoSignal('SUCCEEDED'));
    await advance(0);
    await recheck(MAX_RECHECKS + 5);
    expect(api.getEnvironmentStatus).toHaveBeenCalledTimes(2 + MAX_RECHECKS);
  });
});

describe('without the signals plugin', () => {
  it('polls the status at the fast interval', async () => {
    const api = mockVideogenApi();
    renderHook(() => useEnvironmentStatus('local'), {
      wrapper: apisWrapper(api),
    });
    await advance(0);
    await advance(STATUS_INTERVAL_MS);
    await advance(STATUS_INTERVAL_MS);
    expect(api.getEnvironmentStatus).toHaveBeenCalledTimes(3);
  });
});

describe('useEnvironmentVideos with pushes', () => {
  it('re-reads the list when a video changes, until it shows the video', async () => {
    const lists = [
      [],
      [],
      [makeVideo({ id: 'video-0001', jobId: 'job-0001', state: 'SUBMITTED' })],
    ];
    const api = mockVideogenApi({
      listVideos: jest.fn(async () => ({
        items: lists.length > 1 ? lists.shift()! : lists[0],
      })),
    });
    const signals = new InMemorySignalApi();
    const { result } = renderHook(() => useEnvironmentVideos('local'), {
      wrapper: apisWrapper(api, signals),
    });
    await advance(0);
    expect(result.current.value).toEqual([]);
    await signals.push(videoSignal('SUBMITTED'));
    await advance(0);
    await recheck(2);
    expect(result.current.value?.map(v => v.id)).toEqual(['video-0001']);
    // Status-only changes do not re-read the list.
    await signals.push({
      kind: 'environment',
      environment: 'local',
      status: 'READY',
    });
    await advance(0);
    expect(api.listVideos).toHaveBeenCalledTimes(3);
  });
});

describe('useTerraformData with pushes', () => {
  it('re-reads on a run or environment change, not on log growth', async () => {
    let status: 'RUNNING' | 'SUCCEEDED' = 'RUNNING';
    const api = mockVideogenApi({
      listRuns: jest.fn(async () => ({ items: [makeRun({ status })] })),
      getEnvironment: jest.fn(async () => makeEnvironment()),
    });
    const signals = new InMemorySignalApi();
    const { result } = renderHook(() => useTerraformData('local'), {
      wrapper: apisWrapper(api, signals),
    });
    await advance(0);
    expect(api.listRuns).toHaveBeenCalledTimes(1);
    await signals.push({
      kind: 'runLog',
      environment: 'local',
      runId: 'run-0001-cccc-dddd',
      logSize: 500,
    });
    await advance(0);
    expect(api.listRuns).toHaveBeenCalledTimes(1);
    status = 'SUCCEEDED';
    await signals.push({
      kind: 'run',
      environment: 'local',
      runId: 'run-0001-cccc-dddd',
      status: 'SUCCEEDED',
    });
    await advance(0);
    expect(api.listRuns).toHaveBeenCalledTimes(2);
    expect(result.current.value?.runs[0].status).toBe('SUCCEEDED');
  });
});
