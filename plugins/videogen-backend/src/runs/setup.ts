import {
  HttpAuthService,
  LifecycleService,
  LoggerService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { EventsService } from '@backstage/plugin-events-node';
import { Environment } from '@videogen/plugin-videogen-common';
import express from 'express';
import { Knex } from 'knex';
import { EnvironmentDrain } from '../environments/drain';
import { EnvironmentStore } from '../environments/EnvironmentStore';
import { awsCredentialsFromConfig } from '../terraform/awsCredentials';
import { readTerraformSettings, TerraformSettings } from '../terraform/config';
import { inheritedTerraformEnv } from '../terraform/inheritedEnv';
import { RunEngine } from './RunEngine';
import { createRunsRouter } from './router';
import { readAllowSelfApproval } from './approvalConfig';
import { RunStore } from './RunStore';
import { RunChangeListener } from './runChanges';
import { RunEngineOptions } from './runEngineOptions';

/** ID of the scheduled drift check. */
export const DRIFT_CHECK_TASK_ID = 'videogen-terraform-drift-check';

/**
 * Wires the Terraform run engine: settings from config, recovery of runs a
 * previous backend left behind, the scheduled drift check, shutdown, and
 * the routes.
 */
export async function setUpTerraformRuns(options: {
  config: Config;
  knex: Knex;
  environments: EnvironmentStore;
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  scheduler: SchedulerService;
  lifecycle: LifecycleService;
  events?: EventsService;
  drain?: EnvironmentDrain;
  /** Told of run and environment changes, to push them to browsers. */
  push?: {
    runs: RunChangeListener;
    environmentChanged: RunEngineOptions['onEnvironmentChange'];
  };
  /** The backend's environment; Terraform inherits a few variables of it. */
  processEnv: Record<string, string | undefined>;
  /** The backend's working directory, for relative paths in config. */
  cwd: string;
}): Promise<{
  engine: RunEngine;
  router: express.Router;
  settings: TerraformSettings;
  onEnvironmentCreated: (environment: Environment) => Promise<void>;
}> {
  const { config, logger } = options;
  const settings = readTerraformSettings(config, {
    cwd: options.cwd,
    warn: message => logger.warn(message),
  });
  const engine = new RunEngine({
    environments: options.environments,
    runs: new RunStore(options.knex, options.push?.runs),
    settings,
    logger,
    inheritedEnv: inheritedTerraformEnv(options.processEnv),
    events: options.events,
    onEnvironmentChange: options.push?.environmentChanged,
    drain: options.drain,
    awsCredentials: awsCredentialsFromConfig(config, settings.awsAccountId),
  });
  await engine.start();
  options.lifecycle.addShutdownHook(() => engine.stop());

  if (settings.driftCheckInterval) {
    await options.scheduler.scheduleTask({
      id: DRIFT_CHECK_TASK_ID,
      frequency: settings.driftCheckInterval,
      timeout: { hours: 2 },
      initialDelay: { minutes: 5 },
      // One replica at a time checks all environments.
      scope: 'global',
      fn: async () => {
        const results = await engine.checkDrift();
        for (const result of results.filter(r => r.skipped)) {
          logger.info(
            `Drift check of ${result.environment} skipped: ${result.skipped}`,
          );
        }
      },
    });
  }

  return {
    engine,
    settings,
    router: createRunsRouter({
      engine,
      httpAuth: options.httpAuth,
      permissions: options.permissions,
      allowSelfApproval: readAllowSelfApproval(config),
    }),
    onEnvironmentCreated: environment =>
      engine.publish(environment.name, environment.status),
  };
}
