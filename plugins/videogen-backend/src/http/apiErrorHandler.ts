import { LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import express from 'express';
import { randomBytes } from 'node:crypto';
import { scrubServerPaths } from './scrubServerPaths';

const STATUS_BY_NAME: Record<string, number> = {
  NotModifiedError: 304,
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  NotImplementedError: 501,
  ServiceUnavailableError: 503,
};

/** The HTTP status of an error, as Backstage's own error handler finds it. */
export function statusOf(error: Error): number {
  for (const field of ['statusCode', 'status'] as const) {
    const value = (error as unknown as Record<string, unknown>)[field];
    if (
      typeof value === 'number' &&
      Number.isInteger(value) &&
      value >= 100 &&
      value <= 599
    ) {
      return value;
    }
  }
  return STATUS_BY_NAME[error.name] ?? 500;
}

/**
 * The plugin's error handler, after all its routes. It answers Backstage's
 * error body `{ error: { name, message }, request, response }`, in every
 * mode without a stack trace and without the server's paths (a 404 of a
 * missing file, a 416, an internal error); the log keeps both. Errors that
 * are not errors, and database errors (they carry SQL), are answered with a
 * log id only.
 */
export function apiErrorHandler(
  logger: LoggerService,
): express.ErrorRequestHandler {
  const log = logger.child({ type: 'errorHandler' });
  return (rawError, req, res, next) => {
    let error: Error;
    if (!isError(rawError) || rawError.constructor?.name === 'DatabaseError') {
      const logId = randomBytes(10).toString('hex');
      log.error(
        `Filtered internal error with logId=${logId} from response`,
        isError(rawError) ? rawError : new Error(String(rawError)),
      );
      error = new Error(`An internal error occurred logId=${logId}`);
    } else {
      error = rawError as Error;
    }
    const statusCode = statusOf(error);
    if (statusCode >= 500) {
      log.error(`Request failed with status ${statusCode}`, error);
    }
    if (res.headersSent) {
      next(error);
      return;
    }
    const message = scrubServerPaths(String(error.message));
    if (message !== error.message && statusCode < 500) {
      log.info(`Removed server paths from a ${statusCode} answer`, error);
    }
    res.status(statusCode).json({
      error: { name: error.name, message },
      request: { method: req.method, url: scrubServerPaths(req.originalUrl) },
      response: { statusCode },
    });
  };
}

/**
 * {@link apiErrorHandler} for `httpRouter.use` (last), whose type only
 * names request handlers. Express tells error handlers by their four
 * parameters, which the function keeps; a wrapping router would have three
 * and never see an error.
 */
export function apiErrorMiddleware(logger: LoggerService): express.Handler {
  return apiErrorHandler(logger) as unknown as express.Handler;
}
