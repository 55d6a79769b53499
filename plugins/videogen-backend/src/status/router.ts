import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { videogenVideoReadPermission } from '@videogen/plugin-videogen-common';
import express from 'express';
import Router from 'express-promise-router';
import { StatusService } from './StatusService';

/** `GET /environments/:name/status` (permission videogen.video.read). */
export function createStatusRouter(options: {
  status: StatusService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): express.Router {
  const { status, httpAuth, permissions } = options;
  const router = Router();

  router.get('/environments/:name/status', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: videogenVideoReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        "You are not allowed to read environments' status.",
      );
    }
    res.json(await status.status(req.params.name));
  });

  return router;
}
