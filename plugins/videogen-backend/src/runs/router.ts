import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
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
import { createAuthorizer } from '../environments/authorize';
import { RunEngine } from './RunEngine';

/**
 * A query number the validating router has already checked against the
 * OpenAPI document (a whole number in range), or its default.
 */
function queryNumber(value: unknown, fallback: number): number {
  return value === undefined ? fallback : Number(value);
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
  // Bodies and queries are parsed and checked against the OpenAPI document
  // by the validating router in front of this one (schema/).

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
    const request: StartRunRequest = req.body;
    const requestedBy = await authorizeOperation(req, request.operation);
    const run = await engine.startRun(req.params.name, request, requestedBy);
    res.status(202).json(run);
  });

  router.get('/environments/:name/runs', async (req, res) => {
    await authorizeRead(req);
    const limit = queryNumber(req.query.limit, 50);
    res.json({ items: await engine.listRuns(req.params.name, limit) });
  });

  router.get('/runs/:id', async (req, res) => {
    await authorizeRead(req);
    res.json(await engine.getRun(req.params.id));
  });

  router.get('/runs/:id/log', async (req, res) => {
    await authorizeRead(req);
    const offset = queryNumber(req.query.offset, 0);
    const waitSeconds = queryNumber(req.query.waitSeconds, 0);
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
    const { lockId } = req.body as { lockId: string };
    res.json(await engine.forceUnlock(req.params.name, lockId, by));
  });

  return router;
}
