import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { videogenEnvironmentReadPermission } from '@videogen/plugin-videogen-common';
import express from 'express';
import Router from 'express-promise-router';
import { EnvironmentStore } from './EnvironmentStore';

export function createEnvironmentsRouter(options: {
  environments: EnvironmentStore;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): express.Router {
  const { environments, httpAuth, permissions } = options;
  const router = Router();

  const authorizeRead = async (req: express.Request) => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize(
      [{ permission: videogenEnvironmentReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('You are not allowed to read environments.');
    }
  };

  router.get('/environments', async (req, res) => {
    await authorizeRead(req);
    res.json({ items: await environments.list() });
  });

  router.get('/environments/:name', async (req, res) => {
    await authorizeRead(req);
    const environment = await environments.get(req.params.name);
    if (!environment) {
      throw new NotFoundError(
        `There is no environment named "${req.params.name}".`,
      );
    }
    res.json(environment);
  });

  return router;
}
