/*
 * The Backstage backend that hosts the video-generator plugins. In AWS it is
 * also the product's web tier, behind the load balancer, with the
 * environment's RDS PostgreSQL as its database.
 */

import { createBackend } from '@backstage/backend-defaults';
import { authModuleVideogenOidcProvider } from './auth/oidcProviderModule';
import { rootHttpRouterWithHostCheck } from './hostCheck/rootHttpRouterWithHostCheck';

const backend = createBackend();

// Answers only requests addressed to this backend's own host names, so that
// a web page cannot reach a local backend by DNS rebinding.
backend.add(rootHttpRouterWithHostCheck);

backend.add(import('@backstage/plugin-app-backend'));

// Events: lets the videogen plugin tell the catalog that an environment changed.
backend.add(import('@backstage/plugin-events-backend'));
// Signals: push updates to the browser (user settings storage uses them).
backend.add(import('@backstage/plugin-signals-backend'));
// Notifications: tells a user whose video finished (or failed) and links to
// it; delivered to the browser through signals.
backend.add(import('@backstage/plugin-notifications-backend'));

// Sign-in: OpenID Connect (auth.providers.oidc; email -> catalog User), and
// the guest in local mode only (the guest provider refuses to run when
// auth.environment is production; see app-config.yaml).
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(authModuleVideogenOidcProvider);
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// Catalog, with video-generator environments published as entities.
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(import('@videogen/plugin-catalog-backend-module-videogen'));

// Scaffolder, with the actions that provision and tear down environments.
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@videogen/plugin-scaffolder-backend-module-videogen'));

// Permissions, decided by this backend's own policy.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./permissionPolicy'));

// Kubernetes: shows the EKS cluster of aws environments.
backend.add(import('@backstage/plugin-kubernetes-backend'));

// The video generator itself: upload, queue, status and Terraform runs.
backend.add(import('@videogen/plugin-videogen-backend'));

backend.start();
