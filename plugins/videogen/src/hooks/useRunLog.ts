import { useApi } from '@backstage/core-plugin-api';
import { RunStatus } from '@videogen/plugin-videogen-common';
import { useRef } from 'react';
import { videogenApiRef } from '../api';
import { usePolling } from './usePolling';
import {
  PUSH_FALLBACK_INTERVAL_MS,
  useSignalsAvailable,
  useVideogenSignals,
} from './useVideogenSignals';

/** How long the server may hold a log request waiting for new text. */
export const LOG_LONG_POLL_SECONDS = 20;

export type RunLogState = {
  text: string;
  /** The run has finished and all of its log is in `text`. */
  complete: boolean;
  status?: RunStatus;
  loading: boolean;
  error?: Error;
  updatedAt?: Date;
};

type Accumulated = {
  runId?: string;
  text: string;
  offset: number;
  complete: boolean;
  status?: RunStatus;
};

/**
 * Follows a Terraform run's log: asks for the text after the last offset,
 * appends it, and stops once the server says the log is complete.
 *
 * With pushes (the app has the signals plugin and `environment` is given)
 * it reads whenever the backend says the log grew or the run's status
 * changed, without holding a request open, and polls once a minute as a
 * safety net. Without them it long-polls, so new lines arrive as they are
 * written; those requests start at least 5 seconds apart. Both pause while
 * the tab is hidden and back off on errors.
 */
export function useRunLog(
  runId: string | undefined,
  environment?: string,
): RunLogState {
  const api = useApi(videogenApiRef);
  const pushed = useSignalsAvailable() && !!environment;
  const acc = useRef<Accumulated>({ text: '', offset: 0, complete: false });
  if (acc.current.runId !== runId) {
    acc.current = { runId, text: '', offset: 0, complete: false };
  }

  const polled = usePolling(
    async signal => {
      const current = acc.current;
      const chunk = await api.getRunLog(runId!, {
        offset: current.offset,
        waitSeconds: pushed ? 0 : LOG_LONG_POLL_SECONDS,
        signal,
      });
      if (acc.current !== current) return current; // switched runs meanwhile
      // The server says where its text starts; trust it over our count.
      const kept = current.text.slice(
        0,
        Math.min(chunk.offset, current.text.length),
      );
      current.text = kept + chunk.text;
      current.offset = chunk.nextOffset;
      current.complete = chunk.complete;
      current.status = chunk.status;
      return { ...current };
    },
    [api, runId, pushed],
    {
      intervalMs: pushed ? PUSH_FALLBACK_INTERVAL_MS : 5_000,
      enabled: !!runId && !acc.current.complete,
    },
  );

  const { refresh } = polled;
  useVideogenSignals(
    environment,
    signal => {
      if (acc.current.complete) return;
      if (signal.kind === 'runLog' && signal.runId === runId) {
        // Already read up to there: nothing new to fetch.
        if (signal.logSize > acc.current.offset) refresh();
      } else if (signal.kind === 'run' && signal.runId === runId) {
        // A finished run's last read marks the log complete.
        refresh();
      }
    },
    pushed && !!runId,
  );

  const value = polled.value ?? acc.current;
  return {
    text: value.text,
    complete: value.complete,
    status: value.status,
    loading: polled.loading && !polled.value,
    error: polled.error,
    updatedAt: polled.updatedAt,
  };
}
