import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { GENERATOR_VERSION } from '@videogen/worker';
import express from 'express';
import Router from 'express-promise-router';
import { Knex } from 'knex';
import os from 'node:os';
import { EnvironmentDrain } from '../environments/drain';
import { EnvironmentStore } from '../environments/EnvironmentStore';
import { BatchJobQueue } from '../queue/BatchJobQueue';
import { JobStore } from '../queue/JobStore';
import { LocalJobQueue } from '../queue/LocalJobQueue';
import { JobQueue } from '../queue/types';
import { createStatusRouter } from '../status/router';
import { StatusService } from '../status/StatusService';
import { createObjectStorage, ObjectStorage } from '../storage';
import { AwsClients, createAwsClients } from './awsClients';
import { PipelineConfig, readPipelineConfig } from './config';
import { createVideosRouter } from './router';
import { VideoPipeline } from './VideoPipeline';
import { VideoRepository } from './VideoRepository';

/** Variables the generator may inherit from the backend's environment. */
export const WORKER_ENV_ALLOWLIST = [
  'PATH',
  'HOME',
  'LANG',
  'LC_ALL',
  'TZ',
  'TMPDIR',
  // The generator's own knobs (tool paths, font, temp dir, debugging).
  'VIDEOGEN_FFMPEG',
  'VIDEOGEN_FFPROBE',
  'VIDEOGEN_ESPEAK',
  'VIDEOGEN_FONT',
  'VIDEOGEN_TMPDIR',
  'VIDEOGEN_CONCURRENCY',
  'VIDEOGEN_DEBUG',
  'VIDEOGEN_WORKER_FROM_SOURCE',
  // Region only: in local mode the generator reads and writes local files.
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
];

/**
 * The generator's environment: the allow-listed variables of the backend's
 * own environment, never the rest (database passwords, backend secrets).
 */
export function workerEnvironment(
  processEnv: Record<string, string | undefined>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of WORKER_ENV_ALLOWLIST) {
    const value = processEnv[name];
    if (value !== undefined) {
      env[name] = value;
    }
  }
  return env;
}

/** The generator CLI the local queue runs: config, else @videogen/worker's bin. */
export function resolveWorkerCommand(config: PipelineConfig): string[] {
  if (config.workerCommand) {
    return config.workerCommand;
  }
  return [
    process.execPath,
    resolvePackagePath('@videogen/worker', 'bin/videogen-worker'),
  ];
}

export type VideoPipelineWiring = {
  /** Upload, videos, limits, cookie and status routes. */
  router: express.Router;
  pipeline: VideoPipeline;
  storage: ObjectStorage;
  queue: JobQueue;
  /** What the Terraform run engine drains before a destroy. */
  drain: EnvironmentDrain;
  /** Starts the local worker pool or the Batch poller. */
  start(): Promise<void>;
  /** Stops them (running local jobs go back to the queue). */
  stop(): Promise<void>;
};

/**
 * Builds storage, queue, pipeline and status from config: `videogen.mode`
 * picks the local or the AWS adapters.
 */
export function createVideoPipeline(options: {
  config: Config;
  knex: Knex;
  logger: LoggerService;
  environments: EnvironmentStore;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** The generator's environment (see {@link workerEnvironment}). */
  workerEnv: Record<string, string>;
  /** Base for a relative `videogen.dataDir`; default the process's cwd. */
  cwd?: string;
  /** AWS clients; built from config (`aws`, `videogen.aws`) when absent. */
  awsClients?: AwsClients;
}): VideoPipelineWiring {
  const { config, knex, logger, environments, httpAuth, permissions } = options;
  const settings = readPipelineConfig(config, { cwd: options.cwd });
  const aws =
    options.awsClients ??
    createAwsClients({
      config,
      defaultRegion: settings.aws.region,
      accountId: settings.aws.accountId,
    });
  const storage = createObjectStorage(settings, aws);
  const jobs = new JobStore(knex);
  const videos = new VideoRepository(knex);
  const maxAttempts = 1 + settings.queue.retries;

  let queue: JobQueue;
  let batchQueue: BatchJobQueue | undefined;
  if (settings.mode === 'local') {
    const { local } = settings.queue;
    const env = { ...options.workerEnv };
    // N generators on one host: share the CPUs between them.
    env.VIDEOGEN_CONCURRENCY ??= String(
      Math.max(1, Math.floor(os.cpus().length / Math.max(1, local.workers))),
    );
    queue = new LocalJobQueue({
      jobs,
      videos,
      storage,
      logger: logger.child({ component: 'local-queue' }),
      command: resolveWorkerCommand(settings),
      env,
      workers: local.workers,
      pollIntervalMs: local.pollIntervalMs,
      leaseMs: local.leaseMs,
      heartbeatMs: local.heartbeatMs,
      cancelGraceMs: local.cancelGraceMs,
    });
  } else {
    const { batch } = settings.queue;
    batchQueue = new BatchJobQueue({
      jobs,
      videos,
      storage,
      environments,
      logger: logger.child({ component: 'batch-queue' }),
      batchClient: region => aws.batch(region),
      defaults: {
        region: settings.aws.region,
        jobQueue: batch.jobQueue,
        jobDefinition: batch.jobDefinition,
      },
      platform: batch.platform,
      containerName: batch.containerName,
      kmsKeyId: settings.storage.s3?.kmsKeyId,
      pollIntervalMs: batch.pollIntervalMs,
    });
    queue = batchQueue;
  }

  const pipeline = new VideoPipeline({
    storage,
    videos,
    jobs,
    queue,
    environments,
    limits: settings.limits,
    generatorVersion: settings.generatorVersion ?? GENERATOR_VERSION,
    maxAttempts,
    logger,
  });

  const status = new StatusService({
    environments,
    jobs,
    videos,
    mode: settings.mode,
    pool: queue.pool ? () => queue.pool!() : undefined,
    batchTarget: batchQueue
      ? environment => batchQueue!.target(environment)
      : undefined,
    aws,
    defaultRegion: settings.aws.region,
    cacheTtlMs: settings.status.cacheTtlMs,
    eksClusterName: settings.status.eksClusterName,
    stateStackName: settings.status.stateStackName,
  });

  const router = Router();
  router.use(createVideosRouter({ pipeline, httpAuth, permissions, logger }));
  router.use(createStatusRouter({ status, httpAuth, permissions }));

  return {
    router,
    pipeline,
    storage,
    queue,
    drain: queue.drain,
    start: async () => {
      logger.info(
        `Video pipeline: ${settings.mode} mode, ${storage.kind} storage, ${
          queue.kind
        } queue${
          queue.pool ? ` with ${queue.pool().slots} worker(s)` : ''
        }, generator ${pipeline.generatorVersion}`,
      );
      await queue.start();
    },
    stop: () => queue.stop(),
  };
}
