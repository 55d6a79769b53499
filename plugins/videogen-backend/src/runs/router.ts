import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  RunOperation,
  StartRunRequest,
  videogenEnvironmentAdminPermission,
  videogenEnvironmentCreatePermission,
  videogenEnvironmentDeletePermission,
  videogenEnvironmentReadPermission,
} from '@videogen/plugin-videogen-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { createAuthorizer } from '../environments/authorize';
import { MAX_DRAIN_TIMEOUT_SECONDS } from '../terraform/config';
import { RunEngine } from './RunEngine';
import { MAX_LOG_WAIT_SECONDS } from './RunLogFollower';

const DRAIN_TIMEOUT_RANGE = `drainTimeoutSeconds must be a whole number of seconds from 0 to ${MAX_DRAIN_TIMEOUT_SECONDS}.`;

const startRunSchema = z
  .object({
    operation: z.enum(['plan', 'apply', 'destroy'], {
      errorMap: () => ({
        message: 'operation must be "plan", "apply" or "destroy".',
      }),
    }),
    drainTimeoutSeconds: z
      .number()
      .int(DRAIN_TIMEOUT_RANGE)
      .min(0, DRAIN_TIMEOUT_RANGE)
      .max(MAX_DRAIN_TIMEOUT_SECONDS, DRAIN_TIMEOUT_RANGE)
      .optional(),
    terminateRunningJobs: z.boolean().optional(),
  })
  .strict();

const forceUnlockSchema = z
  .object({
    lockId: z
      .string()
      .min(1)
      .refine(
        lockId => /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/.test(lockId),
        lockId => ({
          message: `"${lockId.slice(
            0,
            64,
          )}" is not a Terraform lock ID; use the lockId of the failed run.`,
        }),
      ),
  })
  .strict();

function parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  throw new InputError(`Invalid ${what}: ${where}${issue.message}`);
}

function nonNegativeInteger(value: unknown, name: string, fallback: number) {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value)) {
    throw new InputError(`${name} must be a whole number of at least 0.`);
  }
  return number;
}

/**
 * Terraform run routes: start, list, read, follow the log, cancel, approve,
 * and force-unlock.
 */
export function createRunsRouter(options: {
  engine: RunEngine;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}): express.Router {
  const { engine } = options;
  const authorize = createAuthorizer(options);
  const router = Router();
  router.use(express.json({ limit: '16kb' }));

  const authorizeRead = (req: express.Request) =>
    authorize(
      req,
      videogenEnvironmentReadPermission,
      'You are not allowed to read environments and their Terraform runs.',
    );

  // Provisioning and changing (plan, apply, approve) is one permission,
  // destroying another.
  const authorizeOperation = (req: express.Request, operation: RunOperation) =>
    operation === 'destroy'
      ? authorize(
          req,
          videogenEnvironmentDeletePermission,
          'You are not allowed to destroy environments.',
        )
      : authorize(
          req,
          videogenEnvironmentCreatePermission,
          `You are not allowed to ${operation} environments.`,
        );

  router.post('/environments/:name/runs', async (req, res) => {
    const request: StartRunRequest = parse(
      startRunSchema,
      req.body,
      'run request',
    );
    const requestedBy = await authorizeOperation(req, request.operation);
    const run = await engine.startRun(req.params.name, request, requestedBy);
    res.status(202).json(run);
  });

  router.get('/environments/:name/runs', async (req, res) => {
    await authorizeRead(req);
    const limit = nonNegativeInteger(req.query.limit, 'limit', 50);
    res.json({ items: await engine.listRuns(req.params.name, limit) });
  });

  router.get('/runs/:id', async (req, res) => {
    await authorizeRead(req);
    res.json(await engine.getRun(req.params.id));
  });

  router.get('/runs/:id/log', async (req, res) => {
    await authorizeRead(req);
    const offset = nonNegativeInteger(req.query.offset, 'offset', 0);
    const waitSeconds = nonNegativeInteger(
      req.query.waitSeconds,
      'waitSeconds',
      0,
    );
    if (waitSeconds > MAX_LOG_WAIT_SECONDS) {
      throw new InputError(
        `waitSeconds may be at most ${MAX_LOG_WAIT_SECONDS}.`,
      );
    }
    res.json(await engine.readLog(req.params.id, offset, waitSeconds));
  });

  router.post('/runs/:id/cancel', async (req, res) => {
    // Read permission before the look-up, so that someone who may not read
    // runs cannot tell an existing run (403) from a missing one (404).
    await authorizeRead(req);
    const run = await engine.getRun(req.params.id);
    const by = await authorizeOperation(req, run.operation);
    res.status(202).json(await engine.cancel(run.id, by));
  });

  router.post('/runs/:id/approve', async (req, res) => {
    const approvedBy = await authorize(
      req,
      videogenEnvironmentCreatePermission,
      'You are not allowed to approve Terraform runs.',
    );
    res.status(202).json(await engine.approve(req.params.id, approvedBy));
  });

  router.post('/environments/:name/force-unlock', async (req, res) => {
    const by = await authorize(
      req,
      videogenEnvironmentAdminPermission,
      "You are not allowed to force-unlock an environment's Terraform state.",
    );
    const { lockId } = parse(
      forceUnlockSchema,
      req.body,
      'force-unlock request',
    );
    res.json(await engine.forceUnlock(req.params.name, lockId, by));
  });

  return router;
}
