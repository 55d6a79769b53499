import { mockApis, TestApiProvider } from '@backstage/frontend-test-utils';
import { storageApiRef } from '@backstage/core-plugin-api';
import { act, renderHook } from '@testing-library/react';
import { ReactNode } from 'react';
import { makeVideo, mockVideogenApi } from '../__testUtils__/fixtures';
import { apisWrapper, InMemorySignalApi } from './__testUtils__/signals';
import {
  AUTO_OPEN_KEY,
  STORAGE_BUCKET,
  useAutoOpenSetting,
} from './useAutoOpenSetting';
import { useOwnVideoAutoOpen } from './useOwnVideoAutoOpen';

const running = makeVideo({ id: 'v-new', jobId: 'j-new', state: 'RUNNING' });
const succeeded = { ...running, state: 'SUCCEEDED' as const };
const pushSucceeded = {
  kind: 'video',
  environment: 'local',
  videoId: 'v-new',
  jobId: 'j-new',
  state: 'SUCCEEDED',
  createdBy: 'user:default/test',
} as const;

function setup(options: { signals?: boolean; enabled?: boolean } = {}) {
  const api = mockVideogenApi({ getVideo: jest.fn(async () => succeeded) });
  const signals = options.signals ? new InMemorySignalApi() : undefined;
  const open = jest.fn();
  const hook = renderHook(
    () =>
      useOwnVideoAutoOpen({
        environment: 'local',
        enabled: options.enabled ?? true,
        open,
      }),
    { wrapper: apisWrapper(api, signals) },
  );
  return { api, signals, open, hook };
}

describe('useOwnVideoAutoOpen', () => {
  it('opens the own new video when its success is pushed, re-read through the API', async () => {
    const { api, signals, open, hook } = setup({ signals: true });
    act(() =>
      hook.result.current.onUploaded({
        videoId: 'v-new',
        jobId: 'j-new',
        deduplicated: false,
        video: running,
      }),
    );
    expect(open).not.toHaveBeenCalled();
    await signals!.push(pushSucceeded);
    expect(api.getVideo).toHaveBeenCalledWith('v-new');
    expect(open).toHaveBeenCalledWith(succeeded);
    // The upload card's own follow reports it too: it opens once.
    act(() => hook.result.current.onJobFinished(succeeded));
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('opens it from the upload card follow when the app has no signals', () => {
    const { open, hook } = setup();
    act(() =>
      hook.result.current.onUploaded({
        videoId: 'v-new',
        jobId: 'j-new',
        deduplicated: false,
        video: running,
      }),
    );
    act(() => hook.result.current.onJobFinished(succeeded));
    expect(open).toHaveBeenCalledWith(succeeded);
  });

  it('leaves duplicates, others’ videos, failures and a turned-off setting alone', async () => {
    const dedupe = setup({ signals: true });
    act(() =>
      dedupe.hook.result.current.onUploaded({
        videoId: 'v-new',
        jobId: 'j-new',
        deduplicated: true,
        video: running,
      }),
    );
    await dedupe.signals!.push(pushSucceeded);
    act(() => dedupe.hook.result.current.onJobFinished(succeeded));
    expect(dedupe.open).not.toHaveBeenCalled();

    const other = setup({ signals: true });
    await other.signals!.push(pushSucceeded); // nobody here uploaded it
    expect(other.api.getVideo).not.toHaveBeenCalled();

    const failed = setup();
    act(() =>
      failed.hook.result.current.onUploaded({
        videoId: 'v-new',
        jobId: 'j-new',
        deduplicated: false,
        video: running,
      }),
    );
    act(() =>
      failed.hook.result.current.onJobFinished({ ...running, state: 'FAILED' }),
    );
    expect(failed.open).not.toHaveBeenCalled();

    const off = setup({ signals: true, enabled: false });
    act(() =>
      off.hook.result.current.onUploaded({
        videoId: 'v-new',
        jobId: 'j-new',
        deduplicated: false,
        video: running,
      }),
    );
    await off.signals!.push(pushSucceeded);
    expect(off.open).not.toHaveBeenCalled();
  });
});

describe('useAutoOpenSetting', () => {
  it('is on by default and keeps the choice in the videogen storage bucket', async () => {
    const storage = mockApis.storage();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[[storageApiRef, storage]]}>
        {children}
      </TestApiProvider>
    );
    const { result } = renderHook(() => useAutoOpenSetting(), { wrapper });
    expect(result.current.enabled).toBe(true);
    await act(async () => result.current.setEnabled(false));
    expect(result.current.enabled).toBe(false);
    expect(
      storage.forBucket(STORAGE_BUCKET).snapshot(AUTO_OPEN_KEY).value,
    ).toBe(false);
    // Another page (or tab) reads what was kept.
    const again = renderHook(() => useAutoOpenSetting(), { wrapper });
    expect(again.result.current.enabled).toBe(false);
  });
});
