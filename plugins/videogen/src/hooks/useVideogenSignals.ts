import { useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  VideogenSignal,
  videogenSignalChannel,
} from '@videogen/plugin-videogen-common';
import { useEffect, useRef } from 'react';

/**
 * How often a card still asks the server when changes are pushed: a safety
 * net for messages lost while the signals connection was down (the signals
 * client reconnects by itself but cannot replay what it missed).
 */
export const PUSH_FALLBACK_INTERVAL_MS = 60_000;

/**
 * Whether the host app has the signals plugin (its `signalApiRef`). Apps
 * without it get no pushes, so the cards keep their fast polling.
 */
export function useSignalsAvailable(): boolean {
  return !!useApiHolder().get(signalApiRef);
}

/** The polling interval: slow when changes are pushed, `fastMs` otherwise. */
export function usePushAwareInterval(fastMs: number): number {
  return useSignalsAvailable()
    ? Math.max(fastMs, PUSH_FALLBACK_INTERVAL_MS)
    : fastMs;
}

const KINDS = new Set(['video', 'run', 'runLog', 'environment']);

/** Messages come from the network: only well-formed ones of our channel count. */
export function asVideogenSignal(
  message: unknown,
  environment: string,
): VideogenSignal | undefined {
  if (!message || typeof message !== 'object') return undefined;
  const m = message as Record<string, unknown>;
  if (typeof m.kind !== 'string' || !KINDS.has(m.kind)) return undefined;
  if (m.environment !== environment) return undefined;
  return message as VideogenSignal;
}

/**
 * Calls `onSignal` for every change pushed on the channels of
 * `environments`. Subscribes through the signal API directly rather than
 * `useSignal`, which keeps only the last message: two changes arriving
 * together (a job's RUNNING and SUCCEEDED) must both be seen. Returns
 * whether pushes are available at all.
 */
export function useVideogenSignals(
  environments: string | readonly string[] | undefined,
  onSignal: (signal: VideogenSignal) => void,
  enabled: boolean = true,
): { available: boolean } {
  const signals = useApiHolder().get(signalApiRef);
  const handler = useRef(onSignal);
  handler.current = onSignal;
  let list: readonly string[] = [];
  if (typeof environments === 'string') list = [environments];
  else if (environments) list = environments;
  // A stable key, so a new array with the same names does not resubscribe.
  const key = [...new Set(list)].sort().join('\n');

  useEffect(() => {
    if (!signals || !enabled || !key) return undefined;
    const subscriptions = key.split('\n').map(environment =>
      signals.subscribe(videogenSignalChannel(environment), message => {
        const signal = asVideogenSignal(message, environment);
        if (signal) handler.current(signal);
      }),
    );
    return () => subscriptions.forEach(s => s.unsubscribe());
  }, [signals, enabled, key]);

  return { available: !!signals };
}
