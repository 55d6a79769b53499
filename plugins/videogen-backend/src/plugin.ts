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
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { createVideogenPush } from './push';
import { setUpTerraformRuns } from './runs/setup';
import { EnvironmentDrain } from './environments/drain';
import { createVideoContext } from './context';
import Router from 'express-promise-router';
import { workerEnvironment } from './queue/workerEnvironment';
import { Prerequisites } from './prerequisites';
import { requireCredentials } from './http/requireCredentials';
import { apiErrorMiddleware } from './http/apiErrorHandler';
import {
  ensurePrivateDirectories,
  privateDirectories,
} from './config/privateDirectories';

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
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        events: eventsServiceRef,
        // Both always resolve (their refs have default factories): without
        // the signals backend in the app nobody receives the signals and the
        // frontend polls; without the notifications backend a send fails
        // and is logged. See src/push.
        signals: signalsServiceRef,
        notifications: notificationService,
      },
      async init({
        config,
        database,
        httpAuth,
        httpRouter,
        logger,
        permissions,
        permissionsRegistry,
        scheduler,
        lifecycle,
        events,
        signals,
        notifications,
      }) {
        // Before the database: SQLite files and the data directory hold
        // secrets in clear (scaffolder task secrets, Terraform state).
        await ensurePrivateDirectories(privateDirectories(config));
        const knex = await database.getClient();
        if (!database.migrations?.skip) {
          await migrateDatabase(knex);
        }
        permissionsRegistry.addPermissions(videogenPermissions);
        // terraform, ffmpeg, ffprobe, espeak-ng and the caption font: one log
        // line each when missing, and failed checks on /health.
        const prerequisites = await Prerequisites.atStart({
          config,
          env: process.env,
          logger,
        });
        // The plugin checks credentials itself, first, so that every error
        // of its API (a 401 too) is answered by its own error handler (last
        // below): no stack trace and no server path, in any mode.
        httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
        // Except local mode's signed storage route (direct uploads): the
        // browser PUTs raw bytes there without a token, the URL's signature
        // is the credential; it also must not reach the JSON/OpenAPI parsing
        // below. Filled in once the pipeline exists.
        const signedStorage = Router();
        httpRouter.use(signedStorage);
        httpRouter.addAuthPolicy({
          path: '/storage/uploads',
          allow: 'unauthenticated',
        });
        httpRouter.use(requireCredentials({ httpAuth, config }));
        // Then: it validates every request against the OpenAPI document
        // before the routers below see it.
        httpRouter.use(await createRouter({ knex, logger, prerequisites }));

        const environments = new EnvironmentStore(knex);
        for (const builtIn of readBuiltInEnvironments(config)) {
          await environments.ensureBuiltIn(builtIn);
        }

        // Live state by push: every job, run and environment change that
        // this replica writes goes out on the environment's signals channel.
        const push = createVideogenPush({
          knex,
          logger,
          signals,
          notifications,
        });
        lifecycle.addShutdownHook(() => push.stop());

        // --- upload, storage, queue and status (pipeline) ---
        // videogen.mode picks the adapters (local directory + local worker
        // pool, or S3 + AWS Batch). The generator inherits an allow-list of
        // this process's environment, never its secrets.
        const videoPipeline = createVideoContext({
          config,
          knex,
          logger,
          environments,
          httpAuth,
          permissions,
          workerEnv: workerEnvironment(process.env),
          jobChanges: push.jobs,
        });
        httpRouter.use(videoPipeline.router);
        if (videoPipeline.storageRouter) {
          signedStorage.use(videoPipeline.storageRouter);
        }
        // <video> and <img> elements send the Backstage user cookie (from
        // GET /cookie), not a bearer token.
        httpRouter.addAuthPolicy({
          path: '/videos/:id/content',
          allow: 'user-cookie',
        });
        httpRouter.addAuthPolicy({
          path: '/videos/:id/poster',
          allow: 'user-cookie',
        });
        lifecycle.addStartupHook(() => videoPipeline.start());
        lifecycle.addShutdownHook(() => videoPipeline.stop());
        // The job queue's drain, for the Terraform run engine's destroys.
        const drain: EnvironmentDrain = videoPipeline.drain;
        // --- end of pipeline wiring ---

        // Terraform run engine; destroys drain the job queue first.
        const terraformRuns = await setUpTerraformRuns({
          config,
          knex,
          environments,
          logger,
          httpAuth,
          permissions,
          scheduler,
          lifecycle,
          events,
          push: {
            runs: push.runs,
            environmentChanged: push.environmentChanged,
          },
          drain,
          processEnv: process.env,
          cwd: process.cwd(),
        });

        httpRouter.use(
          createEnvironmentsRouter({
            environments,
            httpAuth,
            permissions,
            secretVariableNames: Object.keys(
              terraformRuns.settings.secretVariables,
            ),
            onCreated: terraformRuns.onEnvironmentCreated,
          }),
        );
        httpRouter.use(terraformRuns.router);
        // Load balancers and uptime checks call /health without a Backstage
        // token; it reveals nothing but whether the plugin can reach its
        // database.
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        // Last: answers every error of the routes above.
        httpRouter.use(apiErrorMiddleware(logger));
      },
    });
  },
});
