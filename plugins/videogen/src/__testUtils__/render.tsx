import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import { RenderResult } from '@testing-library/react';
import { ReactElement } from 'react';
import { VideogenApi, videogenApiRef } from '../api';
import { mockVideogenApi } from './fixtures';

type Decide = NonNullable<
  NonNullable<Parameters<typeof mockApis.permission>[0]>['authorize']
>;

export type RenderOptions = {
  api?: VideogenApi;
  /** Permission names to deny; everything else is allowed. */
  deny?: string[];
  initialRouteEntries?: string[];
  /** The signed-in user; default `user:default/test`. */
  userEntityRef?: string;
  /** App config (frontend-visible keys), besides the test app's base URLs. */
  config?: Record<string, unknown>;
  /** A signal API (pushes); without it the app has no signals plugin. */
  signals?: SignalApi;
};

/** Renders an element inside a test app with a mocked videogen API and permissions. */
export function renderWithApis(
  element: ReactElement,
  options: RenderOptions = {},
): RenderResult & { api: VideogenApi } {
  const api = options.api ?? mockVideogenApi();
  const deny = new Set(options.deny ?? []);
  const result = renderInTestApp(element, {
    apis: [
      [videogenApiRef, api],
      mockApis.permission({
        // AuthorizeResult's values, without depending on permission-common.
        authorize: (request =>
          deny.has(request.permission.name) ? 'DENY' : 'ALLOW') as Decide,
      }),
      mockApis.identity({
        userEntityRef: options.userEntityRef ?? 'user:default/test',
      }),
      ...(options.signals
        ? [[signalApiRef, options.signals] as const]
        : ([] as const)),
    ],
    config: {
      app: { baseUrl: 'http://localhost:3000' },
      backend: { baseUrl: 'http://localhost:7007' },
      ...options.config,
    },
    initialRouteEntries: options.initialRouteEntries,
  });
  return { ...result, api };
}
