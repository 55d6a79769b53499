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

/**
 * Catalog module that publishes videogen environments as entities. It
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
        const provider = new VideogenEnvironmentProvider({
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
