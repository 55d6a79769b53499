import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  adminOnlyTerraformVariables,
  Environment,
  videogenEnvironmentAdminVariablesPermission,
  videogenEnvironmentCreatePermission,
  videogenEnvironmentReadPermission,
} from '@videogen/plugin-videogen-common';
import express from 'express';
import Router from 'express-promise-router';
import { publicEnvironment } from '../http/publicViews';
import { createAuthorizer } from './authorize';
import { EnvironmentStore } from './EnvironmentStore';
import { parseCreateEnvironment } from './validation';

export function createEnvironmentsRouter(options: {
  environments: EnvironmentStore;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** Names of the secret Terraform variables; requests may not set them. */
  secretVariableNames?: string[];
  /** Called after an environment was created (publishes the change). */
  onCreated?: (environment: Environment) => Promise<void>;
}): express.Router {
  const { environments } = options;
  const authorize = createAuthorizer(options);
  const router = Router();
  // JSON bodies are parsed (and their shape validated) by the front router.

  const authorizeRead = (req: express.Request) =>
    authorize(
      req,
      videogenEnvironmentReadPermission,
      'You are not allowed to read environments.',
    );

  router.get('/environments', async (req, res) => {
    await authorizeRead(req);
    res.json({
      items: (await environments.list()).map(publicEnvironment),
    });
  });

  router.post('/environments', async (req, res) => {
    const createdBy = await authorize(
      req,
      videogenEnvironmentCreatePermission,
      'You are not allowed to create environments.',
    );
    const request = parseCreateEnvironment(req.body, {
      secretVariableNames: options.secretVariableNames ?? [],
    });
    // Principals, CIDRs, images and security switches decide who may reach
    // or administer the environment: administrators only.
    const adminOnly = adminOnlyTerraformVariables(request.variables);
    if (
      adminOnly.length > 0 &&
      !(await authorize.allows(
        req,
        videogenEnvironmentAdminVariablesPermission,
      ))
    ) {
      throw new NotAllowedError(
        `Only administrators may set the Terraform variable${
          adminOnly.length > 1 ? 's' : ''
        } ${adminOnly.join(', ')}; provisioners may set sizes and counts.`,
      );
    }
    const environment = await environments.create({ ...request, createdBy });
    await options.onCreated?.(environment);
    res.status(201).json(publicEnvironment(environment));
  });

  router.get('/environments/:name', async (req, res) => {
    await authorizeRead(req);
    const environment = await environments.get(req.params.name);
    if (!environment) {
      throw new NotFoundError(
        `There is no environment named "${req.params.name}".`,
      );
    }
    res.json(publicEnvironment(environment));
  });

  return router;
}
