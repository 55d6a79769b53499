/**
 * Upload limits. The server enforces the configured values
 * (`videogen.limits.*`); these are the defaults, and what the frontend checks
 * in the browser before it sends anything.
 *
 * @public
 */
export const DEFAULT_UPLOAD_LIMITS = {
  /** Largest photo accepted, in bytes (20 MB). */
  maxPhotoBytes: 20 * 1024 * 1024,
  /** Largest photo accepted, in pixels (width × height, 40 megapixels). */
  maxPhotoPixels: 40_000_000,
  /** Longest script accepted, in characters after normalisation. */
  maxScriptCharacters: 5000,
} as const;

/** @public */
export type UploadLimits = {
  maxPhotoBytes: number;
  maxPhotoPixels: number;
  maxScriptCharacters: number;
};

/**
 * Photo types the generator accepts, recognised by their magic bytes on the
 * server (the browser's claimed type is only a first check).
 *
 * @public
 */
export const ACCEPTED_PHOTO_TYPES = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
} as const;

/** @public */
export type AcceptedPhotoType = keyof typeof ACCEPTED_PHOTO_TYPES;
