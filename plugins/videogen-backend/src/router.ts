import { LoggerService } from '@backstage/backend-plugin-api';
import express from 'express';
import { Knex } from 'knex';
import { createOpenApiRouter } from './schema/openapi/generated';
import { prepareRequest, restoreQuery } from './schema/requestPreparation';
import { validationErrorMessages } from './schema/validationErrors';
import { PrerequisiteCheck } from './prerequisites';

export interface RouterOptions {
  knex: Knex;
  logger: LoggerService;
  /** The host's prerequisites (terraform, ffmpeg, ...), reported by /health. */
  prerequisites?: { current(): Promise<PrerequisiteCheck[]> };
}

/**
 * The plugin's front router: it validates every request against the OpenAPI
 * document (src/schema/openapi.yaml) before the routers mounted after it see
 * the request, and answers the plugin's own housekeeping routes. Mount it
 * before the plugin's other routers.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { knex, logger, prerequisites } = options;
  const router = await createOpenApiRouter({
    middleware: prepareRequest(),
    validatorOptions: {
      // Backstage's httpAuth checks credentials (and the user cookie of the
      // media routes); the document's security schemes only describe them.
      validateSecurity: false,
      // Uploads bypass the validator (see prepareRequest).
      fileUploader: false,
    },
  });
  router.use(restoreQuery());

  router.get('/health', async (_req, res: express.Response) => {
    try {
      await knex.raw('select 1');
    } catch (error) {
      logger.warn(`Health check cannot reach the database: ${error}`);
      res.status(503).json({
        status: 'unavailable',
        message: 'The videogen plugin cannot reach its database.',
      });
      return;
    }
    // A missing program degrades the plugin (runs or renders fail) but the
    // API still answers: 200, so load balancers keep the replica, with the
    // failed checks and what to install.
    const checks = (await prerequisites?.current()) ?? [];
    const missing = checks.filter(check => !check.ok);
    if (missing.length > 0) {
      res.json({
        status: 'degraded',
        message: `Missing on the backend host: ${missing
          .map(check => check.name)
          .join(', ')}.`,
        checks,
      });
      return;
    }
    res.json({ status: 'ok' });
  });

  router.use(validationErrorMessages());
  return router;
}
