import { Config } from '@backstage/config';
import {
  DEFAULT_UPLOAD_LIMITS,
  UploadLimits,
} from '@videogen/plugin-videogen-common';
import { readNumber, readOptionalString } from '../config/values';

/** What the upload service reads from config. */
export type VideosConfig = {
  /** `videogen.limits`, checked by the server and shown to the browser. */
  limits: UploadLimits;
  /** `videogen.generator.version` (part of the dedupe key), when set. */
  generatorVersion?: string;
};

export function readVideosConfig(config: Config): VideosConfig {
  const limit = (key: keyof UploadLimits) =>
    readNumber(config, `videogen.limits.${key}`, DEFAULT_UPLOAD_LIMITS[key], {
      min: 1,
      integer: true,
    });
  return {
    limits: {
      maxPhotoBytes: limit('maxPhotoBytes'),
      maxPhotoPixels: limit('maxPhotoPixels'),
      maxScriptCharacters: limit('maxScriptCharacters'),
    },
    generatorVersion: readOptionalString(config, 'videogen.generator.version'),
  };
}
