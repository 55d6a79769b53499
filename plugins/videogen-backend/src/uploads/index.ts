import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import express from 'express';
import { Knex } from 'knex';
import { LocalObjectStorage, StorageResolver } from '../storage';
import { readUploadConfig } from '../videos/upload/uploadConfig';
import { VideoPipeline } from '../videos/VideoPipeline';
import { readDirectUploadConfig } from './config';
import { DirectUploads } from './DirectUploads';
import { createUploadsRouter } from './router';
import { UploadUrlSigner } from './signing';
import { createStorageRouter } from './storageRoute';
import { ExpiredUploadSweeper } from './sweeper';
import { UploadTargets } from './targets';
import { UploadStore } from './UploadStore';

export { DirectUploads } from './DirectUploads';
export { STORAGE_ROUTE_PREFIX } from './storageRoute';

/** Direct uploads, wired: their API, local mode's storage route, the sweep. */
export type DirectUploadContext = {
  uploads: DirectUploads;
  /** `POST /uploads`, `POST /uploads/:id/complete` (behind credentials). */
  router: express.Router;
  /**
   * Local mode's signed storage route (no Backstage credentials: mount it
   * before the credential check), or undefined in aws mode.
   */
  storageRouter?: express.Router;
  sweeper: ExpiredUploadSweeper;
};

export function createDirectUploads(options: {
  config: Config;
  knex: Knex;
  pipeline: VideoPipeline;
  storages: StorageResolver;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
}): DirectUploadContext {
  const { config, knex, pipeline, storages, logger } = options;
  const settings = readDirectUploadConfig(config);
  const store = new UploadStore(knex);
  const signer = new UploadUrlSigner();
  const uploads = new DirectUploads({
    pipeline,
    uploads: store,
    storages,
    targets: new UploadTargets({
      externalBaseUrl: settings.externalBaseUrl,
      signer,
    }),
    expirySeconds: settings.expirySeconds,
    logger,
  });
  return {
    uploads,
    router: createUploadsRouter({
      uploads,
      httpAuth: options.httpAuth,
      permissions: options.permissions,
    }),
    storageRouter:
      storages.shared instanceof LocalObjectStorage
        ? createStorageRouter({
            uploads: store,
            signer,
            storage: storages.shared,
            logger,
            idleTimeoutMs: readUploadConfig(config).idleTimeoutMs,
          })
        : undefined,
    sweeper: new ExpiredUploadSweeper({
      sweep: () => uploads.sweepExpired(),
      intervalMs: Math.min(60_000, settings.expirySeconds * 1000),
      logger,
    }),
  };
}
