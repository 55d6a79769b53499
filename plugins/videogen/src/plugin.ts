import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
  identityApiRef,
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
      deps: {
        discoveryApi: discoveryApiRef,
        fetchApi: fetchApiRef,
        identityApi: identityApiRef,
      },
      factory: ({ discoveryApi, fetchApi, identityApi }) =>
        new VideogenClient({ discoveryApi, fetchApi, identityApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * The standalone page, usually mounted at `/videogen`: every environment's
 * health at a glance.
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
 * `video-generator` system: the upload card beside the live status cards.
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

/**
 * The entity's environment: EKS cluster and node groups (local mode: the
 * worker pool).
 * @public
 */
export const EntityVideogenClusterCard = videogenPlugin.provide(
  createComponentExtension({
    name: 'EntityVideogenClusterCard',
    component: {
      lazy: () =>
        import('./components/EntityCards').then(m => m.EntityClusterCard),
    },
  }),
);

/**
 * The entity's environment: the job queue, job counts and recent jobs.
 * @public
 */
export const EntityVideogenQueueCard = videogenPlugin.provide(
  createComponentExtension({
    name: 'EntityVideogenQueueCard',
    component: {
      lazy: () =>
        import('./components/EntityCards').then(m => m.EntityQueueCard),
    },
  }),
);

/**
 * The entity's environment: its videos, playable in place.
 * @public
 */
export const EntityVideogenVideosCard = videogenPlugin.provide(
  createComponentExtension({
    name: 'EntityVideogenVideosCard',
    component: {
      lazy: () =>
        import('./components/EntityCards').then(m => m.EntityVideosCard),
    },
  }),
);

/**
 * The entity's environment: Terraform runs, log, lock, drift, outputs and
 * the Plan / Approve / Destroy actions.
 * @public
 */
export const EntityVideogenTerraformCard = videogenPlugin.provide(
  createComponentExtension({
    name: 'EntityVideogenTerraformCard',
    component: {
      lazy: () =>
        import('./components/EntityCards').then(m => m.EntityTerraformCard),
    },
  }),
);
