import { TestApiProvider } from '@backstage/frontend-test-utils';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import {
  VideogenSignal,
  videogenSignalChannel,
} from '@videogen/plugin-videogen-common';
import { act } from '@testing-library/react';
import { ReactNode } from 'react';
import { VideogenApi, videogenApiRef } from '../../api';

/** A signal message (a JSON object), without depending on @backstage/types. */
type JsonObject = Parameters<Parameters<SignalApi['subscribe']>[1]>[0];

/**
 * An in-memory signal API for tests: keeps subscriptions per channel and
 * delivers what the test publishes, as the signals plugin's client delivers
 * what the backend publishes.
 */
export class InMemorySignalApi implements SignalApi {
  private readonly subscribers = new Map<
    string,
    Set<(message: JsonObject) => void>
  >();

  subscribe<TMessage extends JsonObject = JsonObject>(
    channel: string,
    onMessage: (message: TMessage) => void,
  ) {
    const callback = onMessage as (message: JsonObject) => void;
    const set = this.subscribers.get(channel) ?? new Set();
    set.add(callback);
    this.subscribers.set(channel, set);
    return { unsubscribe: () => set.delete(callback) };
  }

  /** How many subscriptions a channel has. */
  count(channel: string): number {
    return this.subscribers.get(channel)?.size ?? 0;
  }

  publish(channel: string, message: JsonObject) {
    for (const callback of [...(this.subscribers.get(channel) ?? [])]) {
      callback(message);
    }
  }

  /** Publishes videogen changes, in one go, on their environments' channels. */
  async push(...signals: VideogenSignal[]) {
    await act(async () => {
      for (const signal of signals) {
        this.publish(
          videogenSignalChannel(signal.environment),
          signal as unknown as JsonObject,
        );
      }
    });
  }
}

/** A wrapper with the videogen API and, when given, the signal API. */
export function apisWrapper(api: VideogenApi, signals?: SignalApi) {
  return ({ children }: { children: ReactNode }) =>
    signals ? (
      <TestApiProvider
        apis={[
          [videogenApiRef, api],
          [signalApiRef, signals],
        ]}
      >
        {children}
      </TestApiProvider>
    ) : (
      <TestApiProvider apis={[[videogenApiRef, api]]}>
        {children}
      </TestApiProvider>
    );
}
