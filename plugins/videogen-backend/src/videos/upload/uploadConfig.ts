import { Config } from '@backstage/config';
import { readMilliseconds } from '../../config/values';
import { DEFAULT_UPLOAD_IDLE_TIMEOUT_MS } from './UploadReceiver';

/** `videogen.uploads`: how long the receiver waits for a stalled client. */
export type UploadConfig = {
  idleTimeoutMs: number;
};

export function readUploadConfig(config: Config): UploadConfig {
  return {
    idleTimeoutMs: readMilliseconds(
      config,
      'videogen.uploads.idleTimeout',
      DEFAULT_UPLOAD_IDLE_TIMEOUT_MS,
      { minMs: 100 },
    ),
  };
}
