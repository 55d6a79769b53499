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
  videogenRunApprovePermission,
} from '@videogen/plugin-videogen-common';
import { NotAllowedError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { createAuthorizer } from '../environments/authorize';
import { publicLogChunk, publicRun } from '../http/publicViews';
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
 * and force-unlock. Besides the permissions, two rules depend on the run:
 * only the user who started a run may cancel it (or an approver), and that
 * user may not approve it (four eyes) unless `allowSelfApproval`.
 */
export function createRunsRouter(options: {
  engine: RunEngine;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** Whether whoever started a run may approve it (a one-person demo). */
  allowSelfApproval?: boolean;
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
    res.status(202).json(publicRun(run));
  });

  router.get('/environments/:name/runs', async (req, res) => {
    await authorizeRead(req);
    const limit = queryNumber(req.query.limit, 50);
    res.json({
      items: (await engine.listRuns(req.params.name, limit)).map(publicRun),
    });
  });

  router.get('/runs/:id', async (req, res) => {
    await authorizeRead(req);
    res.json(publicRun(await engine.getRun(req.params.id)));
  });

  router.get('/runs/:id/log', async (req, res) => {
    await authorizeRead(req);
    const offset = queryNumber(req.query.offset, 0);
    const waitSeconds = queryNumber(req.query.waitSeconds, 0);
    res.json(
      publicLogChunk(await engine.readLog(req.params.id, offset, waitSeconds)),
    );
  });

  router.post('/runs/:id/cancel', async (req, res) => {
    // Read permission before the look-up, so that someone who may not read
    // runs cannot tell an existing run (403) from a missing one (404).
    const by = await authorizeRead(req);
    const run = await engine.getRun(req.params.id);
    // One's own run needs the permission to start it; anyone else's the
    // approver's.
    if (by === run.requestedBy) {
      await authorizeOperation(req, run.operation);
    } else if (!(await authorize.allows(req, videogenRunApprovePermission))) {
      throw new NotAllowedError(
        `Only ${run.requestedBy}, who started this run, or an approver may cancel it.`,
      );
    }
    res.status(202).json(publicRun(await engine.cancel(run.id, by)));
  });

  router.post('/runs/:id/approve', async (req, res) => {
    const approvedBy = await authorize(
      req,
      videogenRunApprovePermission,
      'You are not allowed to approve Terraform runs.',
    );
    const run = await engine.getRun(req.params.id);
    // (A run not waiting for approval gets the engine's 409 instead.)
    if (
      run.status === 'AWAITING_APPROVAL' &&
      run.requestedBy === approvedBy &&
      !options.allowSelfApproval
    ) {
      throw new NotAllowedError(
        'You started this run, so someone else must approve it (four eyes).',
      );
    }
    res.status(202).json(publicRun(await engine.approve(run.id, approvedBy)));
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
