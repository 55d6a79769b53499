import express from 'express';

/**
 * The JSON body limits of the routes. The routers behind the validating
 * router parse JSON themselves with these limits, but a body the validating
 * router has parsed already is not parsed (nor measured) again, so it
 * applies them: 64 kB for a new environment (its variables), 16 kB for the
 * rest (run requests).
 */
const parseLargeJson = express.json({ limit: '64kb' });
const parseSmallJson = express.json({ limit: '16kb' });

const originalQueries = new WeakMap<
  express.Request,
  express.Request['query']
>();

/**
 * Runs before the spec validator: parses JSON bodies (the validator checks
 * req.body), keeps the query as the client sent it, and lets uploads pass
 * unread.
 */
export function prepareRequest(): express.RequestHandler[] {
  return [
    (req, _res, next) => {
      // Uploads are streamed to storage part by part and checked while they
      // stream (videos/upload); the validator would need the whole form in
      // memory first.
      if (req.is('multipart/form-data')) {
        next('router');
        return;
      }
      // The validator turns query strings into the document's types and adds
      // defaults in place; the routes behind it read the query as sent.
      originalQueries.set(req, { ...req.query });
      next();
    },
    (req, res, next) =>
      req.path === '/environments'
        ? parseLargeJson(req, res, next)
        : parseSmallJson(req, res, next),
  ];
}

/** Runs after the validator accepted a request: see prepareRequest. */
export function restoreQuery(): express.RequestHandler {
  return (req, _res, next) => {
    const query = originalQueries.get(req);
    if (query) {
      req.query = query;
      originalQueries.delete(req);
    }
    next();
  };
}
