import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { readDurationFromConfig } from '@backstage/config';
import { ENVIRONMENTS_CHANGED_TOPIC } from '@videogen/plugin-videogen-common';
import {
  VideogenApiEnvironmentSource,
  VideogenEnvironmentProvider,
} from './provider';
import { findTemplatesDir, VideogenTemplateProvider } from './templates';

/**
 * Catalog module that publishes videogen environments (built-in ones
 * included) and their `video-generator` System as entities, and the
 * provision and teardown templates as Template entities. It
 * refreshes on a schedule and as soon as the videogen backend announces that
 * an environment changed (a Terraform run finished).
 *
 * @public
 */
export const catalogModuleVideogen = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'videogen',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        events: eventsServiceRef,
      },
      async init({
        catalog,
        config,
        logger,
        scheduler,
        discovery,
        auth,
        events,
      }) {
        const catalogConfig = config.getOptionalConfig('videogen.catalog');
        const enabled = (key: string) =>
          catalogConfig?.getOptionalBoolean(`${key}.enabled`) ?? true;
        const provider = new VideogenEnvironmentProvider({
          builtInEnvironments: enabled('builtInEnvironments'),
          system: enabled('system'),
          source: new VideogenApiEnvironmentSource(discovery, auth),
          logger,
          owner:
            catalogConfig?.getOptionalString('owner') ??
            'group:default/platform-team',
          locationRef: `url:${await discovery.getExternalBaseUrl(
            'videogen',
          )}/environments`,
          schedule: scheduler.createScheduledTaskRunner({
            frequency: catalogConfig?.has('refreshInterval')
              ? readDurationFromConfig(catalogConfig, {
                  key: 'refreshInterval',
                })
              : { seconds: 60 },
            timeout: { seconds: 30 },
            // The videogen plugin may still be starting on the first tick.
            initialDelay: { seconds: 5 },
          }),
        });
        catalog.addEntityProvider(provider);

        if (enabled('templates')) {
          const dir = findTemplatesDir();
          if (dir) {
            catalog.addEntityProvider(
              new VideogenTemplateProvider({ dir, logger }),
            );
          } else {
            logger.warn(
              'No videogen templates to publish: install @videogen/plugin-scaffolder-backend-module-videogen in the backend, or set videogen.catalog.templates.enabled to false.',
            );
          }
        }

        await events.subscribe({
          id: 'catalog-videogen-environments',
          topics: [ENVIRONMENTS_CHANGED_TOPIC],
          onEvent: async () => {
            await provider
              .refresh()
              .catch(error =>
                logger.warn(
                  `Refreshing videogen environments failed: ${error}`,
                ),
              );
          },
        });
      },
    });
  },
});
