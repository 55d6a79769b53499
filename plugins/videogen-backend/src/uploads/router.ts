import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { VideogenHttp } from '@videogen/plugin-videogen-common';
import express from 'express';
import Router from 'express-promise-router';
import { createVideoAuthorizer, principalName } from '../videos/router';
import { DirectUploads } from './DirectUploads';

/**
 * `POST /uploads` and `POST /uploads/:uploadId/complete` (permission
 * videogen.video.create, like the multipart `POST /videos`). The OpenAPI
 * validator in front has checked the request body's shape already.
 */
export function createUploadsRouter(options: {
  uploads: DirectUploads;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): express.Router {
  const { uploads } = options;
  const { authorizeCreate } = createVideoAuthorizer(options);
  const router = Router();

  router.post('/uploads', async (req, res) => {
    const credentials = await authorizeCreate(req);
    const outcome = await uploads.start(
      req.body as VideogenHttp.StartUploadRequest,
      principalName(credentials),
    );
    res.status(outcome.status).json(outcome.body);
  });

  router.post('/uploads/:uploadId/complete', async (req, res) => {
    const credentials = await authorizeCreate(req);
    const { created, response } = await uploads.complete(
      req.params.uploadId,
      principalName(credentials),
    );
    res.status(created ? 202 : 200).json(response);
  });

  return router;
}
