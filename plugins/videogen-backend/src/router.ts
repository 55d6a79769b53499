import { LoggerService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { Knex } from 'knex';

export interface RouterOptions {
  knex: Knex;
  logger: LoggerService;
}

/** The plugin's own housekeeping routes. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { knex, logger } = options;
  const router = Router();

  router.get('/health', async (_req, res) => {
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
    res.json({ status: 'ok' });
  });

  return router;
}
