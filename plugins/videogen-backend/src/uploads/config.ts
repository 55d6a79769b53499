import { Config } from '@backstage/config';
import { readMilliseconds } from '../config/values';

/** `videogen.uploads.directUploadExpiry` when unset: 5 minutes. */
export const DEFAULT_DIRECT_UPLOAD_EXPIRY_MS = 5 * 60_000;

/** What direct uploads read from config. */
export type DirectUploadConfig = {
  /**
   * How long the upload URLs (and the upload) stay good. S3 presigns in
   * whole seconds, so this is whole seconds too.
   */
  expirySeconds: number;
  /**
   * The plugin's external base URL (`backend.baseUrl` + `/api/videogen`):
   * local mode's signed storage URLs point there.
   */
  externalBaseUrl: string;
};

export function readDirectUploadConfig(config: Config): DirectUploadConfig {
  const key = 'videogen.uploads.directUploadExpiry';
  const ms = readMilliseconds(config, key, DEFAULT_DIRECT_UPLOAD_EXPIRY_MS, {
    minMs: 1000,
  });
  if (ms % 1000 !== 0) {
    throw new Error(`Invalid config ${key}: use a whole number of seconds`);
  }
  // S3 refuses presigned URLs valid for more than 7 days.
  if (ms > 7 * 24 * 3_600_000) {
    throw new Error(`Invalid config ${key}: at most 7 days`);
  }
  const base = (
    config.getOptionalString('backend.baseUrl') ?? 'http://localhost:7007'
  ).replace(/\/+$/, '');
  return { expirySeconds: ms / 1000, externalBaseUrl: `${base}/api/videogen` };
}
