import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { VideogenClient, videogenApiRef } from './api';
import { entityContentRouteRef, rootRouteRef } from './routes';

/**
 * The video-generator plugin for the legacy frontend system.
 * @public
 */
export const videogenPlugin = createPlugin({
  id: 'videogen',
  apis: [
    createApiFactory({
      api: videogenApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new VideogenClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * The standalone page, usually mounted at `/videogen`.
 * @public
 */
export const VideogenPage = videogenPlugin.provide(
  createRoutableExtension({
    name: 'VideogenPage',
    component: () =>
      import('./components/VideogenPage').then(m => m.VideogenPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The "Video generator" entity tab for environment resources and the
 * `video-generator` system.
 * @public
 */
export const EntityVideoGeneratorContent = videogenPlugin.provide(
  createRoutableExtension({
    name: 'EntityVideoGeneratorContent',
    component: () =>
      import('./components/EntityVideoGeneratorContent').then(
        m => m.EntityVideoGeneratorContent,
      ),
    mountPoint: entityContentRouteRef,
  }),
);
