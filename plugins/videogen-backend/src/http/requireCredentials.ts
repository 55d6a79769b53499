import { HttpAuthService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import express from 'express';
import Router from 'express-promise-router';

/** Routes anyone may call (load balancers, uptime checks). */
const UNAUTHENTICATED = [/^\/health\/?$/];
/** Routes `<video>`/`<img>` elements call with the Backstage user cookie. */
const USER_COOKIE = [/^\/videos\/[^/]+\/(content|poster)\/?$/];

/**
 * The plugin's own credentials barrier, first of its routes. Backstage's
 * barrier (before the plugin's routes) is told to let every request through
 * (`addAuthPolicy({ path: '/', allow: 'unauthenticated' })`) so that its 401
 * is answered by the plugin's error handler like every other error (no
 * stack, no server path, in every mode). Same rules as Backstage's: user or
 * service credentials everywhere, the user cookie on the media routes, none
 * on /health; nothing when `backend.auth.dangerouslyDisableDefaultAuthPolicy`
 * is set.
 */
export function requireCredentials(options: {
  httpAuth: HttpAuthService;
  config: Config;
}): express.Router {
  const router = Router();
  if (
    options.config.getOptionalBoolean(
      'backend.auth.dangerouslyDisableDefaultAuthPolicy',
    )
  ) {
    return router;
  }
  router.use(async (req, _res, next) => {
    if (UNAUTHENTICATED.some(route => route.test(req.path))) {
      next();
      return;
    }
    await options.httpAuth.credentials(req, {
      allow: ['user', 'service'],
      allowLimitedAccess: USER_COOKIE.some(route => route.test(req.path)),
    });
    next();
  });
  return router;
}
