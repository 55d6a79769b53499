import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { videogenPermissions } from '@videogen/plugin-videogen-common';
import { createRouter } from './router';
import { migrateDatabase } from './database/migrations';
import { EnvironmentStore } from './environments/EnvironmentStore';
import { createEnvironmentsRouter } from './environments/router';
import { readBuiltInEnvironments } from './environments/config';

/**
 * The `videogen` backend plugin: upload API, dedupe, storage, queue,
 * environment status and Terraform runs.
 *
 * @public
 */
export const videogenPlugin = createBackendPlugin({
  pluginId: 'videogen',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({
        config,
        database,
        httpAuth,
        httpRouter,
        logger,
        permissions,
        permissionsRegistry,
      }) {
        const knex = await database.getClient();
        if (!database.migrations?.skip) {
          await migrateDatabase(knex);
        }
        permissionsRegistry.addPermissions(videogenPermissions);

        const environments = new EnvironmentStore(knex);
        for (const builtIn of readBuiltInEnvironments(config)) {
          await environments.ensureBuiltIn(builtIn);
        }

        httpRouter.use(await createRouter({ knex, logger }));
        httpRouter.use(
          createEnvironmentsRouter({ environments, httpAuth, permissions }),
        );
        // Load balancers and uptime checks call /health without a Backstage
        // token; it reveals nothing but whether the plugin can reach its
        // database.
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
