import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { GENERATOR_VERSION } from '@videogen/worker';
import express from 'express';
import Router from 'express-promise-router';
import { Knex } from 'knex';
import os from 'node:os';
import { AwsClients, createAwsClients } from './aws/clients';
import { readAwsConfig } from './aws/config';
import { readMode } from './config/shared';
import { EnvironmentDrain } from './environments/drain';
import { EnvironmentStore } from './environments/EnvironmentStore';
import { BatchJobQueue } from './queue/BatchJobQueue';
import { readQueueConfig } from './queue/config';
import { JobChangeListener } from './queue/jobChanges';
import { JobStore } from './queue/JobStore';
import { LocalJobQueue } from './queue/LocalJobQueue';
import { JobQueue } from './queue/types';
import { resolveWorkerCommand } from './queue/workerEnvironment';
import { readStatusConfig } from './status/config';
import { createStatusRouter } from './status/router';
import { StatusService } from './status/StatusService';
import {
  createStorageResolver,
  LocalObjectStorage,
  StorageResolver,
} from './storage';
import { StagingSweeper } from './storage/StagingSweeper';
import { readStorageConfig } from './storage/config';
import { readVideosConfig } from './videos/config';
import { createVideosRouter } from './videos/router';
import { VideoPipeline } from './videos/VideoPipeline';
import { VideoRepository } from './videos/VideoRepository';
import { readUploadConfig } from './videos/upload/uploadConfig';
import { createDirectUploads } from './uploads';

/** The upload service, storage, queue and status, wired together. */
export type VideoContext = {
  /** Upload, videos, limits, cookie and status routes. */
  router: express.Router;
  /**
   * Local mode's signed storage route for direct uploads (its signature is
   * the credential): mount it before the plugin's credential check.
   */
  storageRouter?: express.Router;
  pipeline: VideoPipeline;
  /** Each environment's object storage. */
  storages: StorageResolver;
  queue: JobQueue;
  /** What the Terraform run engine drains before a destroy. */
  drain: EnvironmentDrain;
  /** Starts the local worker pool or the Batch poller. */
  start(): Promise<void>;
  /** Stops them (running local jobs go back to the queue). */
  stop(): Promise<void>;
};

/**
 * Builds storage, queue, upload service and status from their own config
 * readers: `videogen.mode` picks the local or the AWS adapters.
 */
export function createVideoContext(options: {
  config: Config;
  knex: Knex;
  logger: LoggerService;
  environments: EnvironmentStore;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** The generator's environment (see `queue/workerEnvironment.ts`). */
  workerEnv: Record<string, string>;
  /** Base for a relative `videogen.dataDir`; default the process's cwd. */
  cwd?: string;
  /** AWS clients; built from config (`aws`, `videogen.aws`) when absent. */
  awsClients?: AwsClients;
  /** Told of every job state written (pushed to browsers, see src/push). */
  jobChanges?: JobChangeListener;
}): VideoContext {
  const { config, knex, logger, environments, httpAuth, permissions } = options;
  const mode = readMode(config);
  const awsConfig = readAwsConfig(config);
  const storageConfig = readStorageConfig(config, { cwd: options.cwd });
  const queueConfig = readQueueConfig(config);
  const statusConfig = readStatusConfig(config);
  const videosConfig = readVideosConfig(config);

  const aws =
    options.awsClients ??
    createAwsClients({
      config,
      defaultRegion: awsConfig.region,
      accountId: awsConfig.accountId,
    });
  const storages = createStorageResolver(storageConfig, aws, environments);
  // The status cache forgets an environment's jobs before the change is
  // pushed, so the browser's read after the push sees it.
  const built: { status?: StatusService } = {};
  const jobChanges: JobChangeListener = {
    jobChanged: change => {
      built.status?.jobChanged(change.job.environment);
      options.jobChanges?.jobChanged(change);
    },
  };
  const jobs = new JobStore(knex, {
    maxJobsPerUser: queueConfig.maxJobsPerUser || undefined,
    onChange: jobChanges,
  });
  const videos = new VideoRepository(knex, jobChanges);
  const maxAttempts = 1 + queueConfig.retries;

  let queue: JobQueue;
  let batchQueue: BatchJobQueue | undefined;
  if (mode === 'local') {
    const { local } = queueConfig;
    const env = { ...options.workerEnv };
    // N generators on one host: share the CPUs between them.
    env.VIDEOGEN_CONCURRENCY ??= String(
      Math.max(1, Math.floor(os.cpus().length / Math.max(1, local.workers))),
    );
    queue = new LocalJobQueue({
      jobs,
      videos,
      // Local mode has one storage directory for every environment.
      storage: storages.shared!,
      logger: logger.child({ component: 'local-queue' }),
      command: resolveWorkerCommand(queueConfig),
      env,
      workers: local.workers,
      pollIntervalMs: local.pollIntervalMs,
      leaseMs: local.leaseMs,
      heartbeatMs: local.heartbeatMs,
      cancelGraceMs: local.cancelGraceMs,
    });
  } else {
    const { batch } = queueConfig;
    batchQueue = new BatchJobQueue({
      jobs,
      videos,
      storageOf: environment => storages.forEnvironment(environment),
      environments,
      logger: logger.child({ component: 'batch-queue' }),
      batchClient: region => aws.batch(region),
      defaults: {
        region: awsConfig.region,
        jobQueue: batch.jobQueue,
        jobDefinition: batch.jobDefinition,
      },
      platform: batch.platform,
      containerName: batch.containerName,
      pollIntervalMs: batch.pollIntervalMs,
      fairShare: batch.fairShare,
    });
    queue = batchQueue;
  }

  const pipeline = new VideoPipeline({
    storages,
    videos,
    jobs,
    queue,
    limits: videosConfig.limits,
    generatorVersion: videosConfig.generatorVersion ?? GENERATOR_VERSION,
    maxAttempts,
    logger,
    uploadIdleTimeoutMs: readUploadConfig(config).idleTimeoutMs,
  });
  // What crashed uploads leave in local storage goes at start and then
  // periodically (on S3 a lifecycle rule expires uploads/tmp/).
  const stagingSweeper =
    storages.shared instanceof LocalObjectStorage
      ? new StagingSweeper({
          storage: storages.shared,
          maxAgeMs: storageConfig.staleUploadAgeMs,
          logger,
        })
      : undefined;

  const status = new StatusService({
    environments,
    jobs,
    videos,
    mode,
    pool: queue.pool ? () => queue.pool!() : undefined,
    batchTarget: batchQueue
      ? environment => batchQueue!.target(environment)
      : undefined,
    aws,
    defaultRegion: awsConfig.region,
    cacheTtlMs: statusConfig.cacheTtlMs,
    eksClusterName: statusConfig.eksClusterName,
    stateStackName: statusConfig.stateStackName,
  });
  built.status = status;

  // Direct uploads: browser → object storage, then complete (issue 15).
  const directUploads = createDirectUploads({
    config,
    knex,
    pipeline,
    storages,
    httpAuth,
    permissions,
    logger,
  });

  const router = Router();
  router.use(createVideosRouter({ pipeline, httpAuth, permissions, logger }));
  router.use(directUploads.router);
  router.use(createStatusRouter({ status, httpAuth, permissions }));

  return {
    router,
    storageRouter: directUploads.storageRouter,
    pipeline,
    storages,
    queue,
    drain: queue.drain,
    start: async () => {
      logger.info(
        `Video pipeline: ${mode} mode, ${
          storages.shared ? storages.kind : "each environment's S3"
        } storage, ${queue.kind} queue${
          queue.pool ? ` with ${queue.pool().slots} worker(s)` : ''
        }, generator ${pipeline.generatorVersion}`,
      );
      await stagingSweeper?.start();
      await directUploads.sweeper.start();
      await queue.start();
    },
    stop: async () => {
      stagingSweeper?.stop();
      directUploads.sweeper.stop();
      await queue.stop();
    },
  };
}
