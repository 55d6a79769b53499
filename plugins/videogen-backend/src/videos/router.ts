import {
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  BasicPermission,
  AuthorizeResult,
} from '@backstage/plugin-permission-common';
import {
  ListVideosResponse,
  UserCookieResponse,
  VIDEO_LIST_LIMITS,
  videogenVideoAdminPermission,
  videogenVideoCreatePermission,
  videogenVideoReadPermission,
} from '@videogen/plugin-videogen-common';
import express from 'express';
import Router from 'express-promise-router';
import { pipeline as pipeStreams } from 'node:stream/promises';
import { RangeNotSatisfiableError } from './errors';
import { parseRange } from './range';
import { MediaKind, VideoPipeline } from './VideoPipeline';

const DEFAULT_LIST_LIMIT = VIDEO_LIST_LIMITS.default;
const MAX_LIST_LIMIT = VIDEO_LIST_LIMITS.max;

/** Who is asking, as stored in created_by and cancel reasons. */
export function principalName(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return principal.userEntityRef ?? principal.subject ?? principal.type;
}

/**
 * The checks of the video routes: user or service credentials, then the
 * permission (403 with a sentence otherwise).
 */
export function createVideoAuthorizer(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}) {
  const { httpAuth, permissions } = options;
  const authorize = async (
    req: express.Request,
    permission: BasicPermission,
    refusal: string,
    allowLimitedAccess = false,
  ): Promise<BackstageCredentials> => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
      allowLimitedAccess,
    });
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(refusal);
    }
    return credentials;
  };
  return {
    authorizeRead: (req: express.Request, allowLimitedAccess = false) =>
      authorize(
        req,
        videogenVideoReadPermission,
        'You are not allowed to read videos.',
        allowLimitedAccess,
      ),
    /** Creating videos: the multipart route and direct uploads. */
    authorizeCreate: (req: express.Request) =>
      authorize(
        req,
        videogenVideoCreatePermission,
        'You are not allowed to create videos.',
      ),
  };
}

/**
 * Routes of the upload pipeline: upload, list, read, cancel, play (with
 * Range requests) and the limits the browser checks before uploading.
 */
export function createVideosRouter(options: {
  pipeline: VideoPipeline;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
}): express.Router {
  const { pipeline, httpAuth, permissions, logger } = options;
  const router = Router();

  const { authorizeRead, authorizeCreate } = createVideoAuthorizer({
    httpAuth,
    permissions,
  });

  // The browser checks the same limits before it sends anything.
  router.get('/limits', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(pipeline.limits);
  });

  // <video> and <img> elements send cookies, not bearer tokens: the frontend
  // calls this (with its token) to get the Backstage user cookie that the
  // /content and /poster routes accept.
  router.get('/cookie', async (_req, res) => {
    const { expiresAt } = await httpAuth.issueUserCookie(res);
    const body: UserCookieResponse = { expiresAt: expiresAt.toISOString() };
    res.json(body);
  });

  router.post('/videos', async (req, res) => {
    const credentials = await authorizeCreate(req);
    const { created, response } = await pipeline.upload(
      req,
      principalName(credentials),
    );
    res.status(created ? 202 : 200).json(response);
  });

  router.get('/videos', async (req, res) => {
    await authorizeRead(req);
    const { environment, limit } = req.query;
    if (environment !== undefined && typeof environment !== 'string') {
      throw new InputError('Give one environment name.');
    }
    let max: number = DEFAULT_LIST_LIMIT;
    if (limit !== undefined) {
      max = Number(limit);
      if (!Number.isInteger(max) || max < 1 || max > MAX_LIST_LIMIT) {
        throw new InputError(
          `limit must be a whole number from 1 to ${MAX_LIST_LIMIT}.`,
        );
      }
    }
    const body: ListVideosResponse = {
      items: await pipeline.list({
        environment: environment || undefined,
        limit: max,
      }),
    };
    res.json(body);
  });

  router.get('/videos/:id', async (req, res) => {
    await authorizeRead(req);
    res.json(await pipeline.get(req.params.id));
  });

  // Cancelling ends a video FAILED for everyone who uploaded the same pair,
  // so only its creator (or an administrator) may.
  router.post('/videos/:id/cancel', async (req, res) => {
    const credentials = await authorizeCreate(req);
    const by = principalName(credentials);
    const video = await pipeline.get(req.params.id);
    if (video.createdBy !== by) {
      const [decision] = await permissions.authorize(
        [{ permission: videogenVideoAdminPermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `Only ${video.createdBy}, who uploaded this video, or an administrator may cancel it.`,
        );
      }
    }
    res.json(await pipeline.cancel(video.id, by));
  });

  const serveMedia =
    (kind: MediaKind) =>
    async (req: express.Request, res: express.Response) => {
      await authorizeRead(req, true);
      const { video, key, contentType, object, storage } = await pipeline.media(
        req.params.id,
        kind,
      );

      const playbackUrl = await storage.playbackUrl(key, {
        contentType,
      });
      if (playbackUrl) {
        // The URL is short-lived and signed for this request; never cache it.
        res.setHeader('Cache-Control', 'no-store');
        res.redirect(302, playbackUrl);
        return;
      }

      // A video's outputs never change once it SUCCEEDED (the generator is
      // deterministic and the key is the video's own), so its id is a strong
      // validator.
      const etag = `"${video.id}-${kind}-${object.sizeBytes}"`;
      const size = object.sizeBytes;
      res.setHeader('Accept-Ranges', 'bytes');
      res.setHeader('Content-Type', contentType);
      res.setHeader('ETag', etag);
      res.setHeader('Cache-Control', 'private, max-age=3600');
      if (object.lastModified) {
        res.setHeader('Last-Modified', object.lastModified.toUTCString());
      }
      if (req.headers['if-none-match'] === etag) {
        res.status(304).end();
        return;
      }
      const ifRange = req.headers['if-range'];
      const range =
        ifRange && ifRange !== etag
          ? undefined
          : parseRange(req.headers.range, size);
      if (range === 'unsatisfiable') {
        // The error body is JSON, not a piece of the video.
        res.removeHeader('Content-Type');
        res.setHeader('Content-Range', `bytes */${size}`);
        throw new RangeNotSatisfiableError(
          `The requested range is outside the ${kind} (${size} bytes).`,
        );
      }
      if (range) {
        res.status(206);
        res.setHeader(
          'Content-Range',
          `bytes ${range.start}-${range.end}/${size}`,
        );
        res.setHeader('Content-Length', String(range.end - range.start + 1));
      } else {
        res.status(200);
        res.setHeader('Content-Length', String(size));
      }
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      const body = await storage.read(key, range);
      if (!body) {
        res.status(404).end();
        return;
      }
      try {
        await pipeStreams(body, res);
      } catch (error) {
        // Players abort requests all the time (seeking); that is not an error.
        if (
          (error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE'
        ) {
          logger.warn(`Serving ${kind} of video ${video.id} failed: ${error}`);
        }
      }
    };

  router.get('/videos/:id/content', serveMedia('video'));
  router.get('/videos/:id/poster', serveMedia('poster'));

  return router;
}
