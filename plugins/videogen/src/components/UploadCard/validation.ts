import {
  ACCEPTED_PHOTO_TYPES,
  checkScript,
  normalizeScript,
  scriptLength,
  UploadLimits,
} from '@videogen/plugin-videogen-common';
import { formatBytes } from '../shared/format';

const EXTENSION_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

/** The photo's media type, from the browser or, when it does not say, the extension. */
export function photoType(file: { type: string; name: string }): string {
  if (file.type) return file.type;
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  return EXTENSION_TYPES[extension] ?? '';
}

const TYPE_NAMES: Record<string, string> = {
  jpg: 'JPEG',
  png: 'PNG',
  webp: 'WebP',
};

/** "JPEG, PNG or WebP" */
export const ACCEPTED_PHOTO_NAMES = Object.values(ACCEPTED_PHOTO_TYPES)
  .map(ext => TYPE_NAMES[ext] ?? ext.toUpperCase())
  .join(', ')
  .replace(/, ([^,]*)$/, ' or $1');

/** The `accept` attribute of the file input. */
export const ACCEPT_ATTRIBUTE = Object.keys(ACCEPTED_PHOTO_TYPES).join(',');

/**
 * The browser's first check of a photo, with the limits the server enforces.
 * The server checks the magic bytes again; this only saves a pointless upload.
 */
export function checkPhotoFile(
  file: { type: string; name: string; size: number },
  limits: UploadLimits,
): string | undefined {
  const type = photoType(file);
  if (!(type in ACCEPTED_PHOTO_TYPES)) {
    const what = type ? `a ${type} file` : 'not a recognised image';
    return `"${file.name}" is ${what}. Choose a ${ACCEPTED_PHOTO_NAMES} photo.`;
  }
  if (file.size === 0) {
    return `"${file.name}" is empty. Choose another photo.`;
  }
  if (file.size > limits.maxPhotoBytes) {
    return `"${file.name}" is ${formatBytes(
      file.size,
    )}; the limit is ${formatBytes(
      limits.maxPhotoBytes,
    )}. Choose a smaller photo.`;
  }
  return undefined;
}

/** Checked once the preview has loaded and the browser knows the size in pixels. */
export function checkPhotoPixels(
  width: number,
  height: number,
  limits: UploadLimits,
): string | undefined {
  const pixels = width * height;
  if (pixels > limits.maxPhotoPixels) {
    const mp = (n: number) => `${Math.round(n / 100_000) / 10} megapixels`;
    return `The photo is ${width} × ${height} (${mp(
      pixels,
    )}); the limit is ${mp(
      limits.maxPhotoPixels,
    )}. Scale it down and try again.`;
  }
  return undefined;
}

export type ScriptCheck = {
  /** Characters as the server counts them (after normalisation). */
  length: number;
  /** Why the script would be refused, if it would. */
  problem?: string;
  empty: boolean;
};

/** The live count and check of the script box, exactly as the server does it. */
export function inspectScript(
  script: string,
  limits: UploadLimits,
): ScriptCheck {
  const normalized = normalizeScript(script);
  return {
    length: scriptLength(normalized),
    problem: checkScript(normalized, limits.maxScriptCharacters),
    empty: normalized.length === 0,
  };
}
