import { randomUUID } from 'node:crypto';

/** Prefix of direct uploads' objects (Terraform's lifecycle rule uses it). */
export const INCOMING_PREFIX = 'uploads/incoming/';

/**
 * The storage keys of the product. They are content-addressed (or named by
 * the video's id) and never derived from a user's file name.
 */
export const storageKeys = {
  /** Where an upload is streamed while its hash is not known yet. */
  temporaryUpload: (): string => `uploads/tmp/${randomUUID()}`,
  /**
   * Where a direct upload's object arrives (browser → storage), before it is
   * checked and moved to its content-addressed key. Expires (S3 lifecycle
   * rule, local sweep) when the upload is never completed.
   */
  incoming: (uploadId: string, part: 'photo' | 'script'): string =>
    `${INCOMING_PREFIX}${checkId(uploadId)}/${part}`,
  photo: (sha256: string, extension: string): string =>
    `uploads/photos/${checkSha256(sha256)}.${extension}`,
  script: (sha256: string): string =>
    `uploads/scripts/${checkSha256(sha256)}.txt`,
  /** The prefix the generator writes a video's outputs under. */
  videoPrefix: (videoId: string): string => `videos/${checkId(videoId)}/`,
  video: (videoId: string): string => `videos/${checkId(videoId)}/video.mp4`,
  poster: (videoId: string): string => `videos/${checkId(videoId)}/poster.jpg`,
  result: (videoId: string): string => `videos/${checkId(videoId)}/result.json`,
};

function checkSha256(value: string): string {
  if (!/^[0-9a-f]{64}$/.test(value)) {
    throw new Error(`Not a hex SHA-256: ${value.slice(0, 80)}`);
  }
  return value;
}

function checkId(value: string): string {
  if (!/^[0-9a-zA-Z-]{1,64}$/.test(value)) {
    throw new Error(`Not a video id: ${value.slice(0, 80)}`);
  }
  return value;
}

// Segments start with a letter or digit (no ".", "..", hidden files) and use
// a small alphabet; no empty segments, no backslashes, no absolute keys.
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/**
 * Throws unless `key` is a safe storage key: relative, `/`-separated,
 * without `.`/`..` or hidden segments. A trailing `/` (a prefix) is allowed
 * when `allowPrefix` is set.
 */
export function assertSafeKey(key: string, allowPrefix = false): void {
  const body = allowPrefix && key.endsWith('/') ? key.slice(0, -1) : key;
  if (
    typeof key !== 'string' ||
    body.length === 0 ||
    key.length > 900 ||
    !body.split('/').every(segment => SEGMENT.test(segment))
  ) {
    throw new Error(
      `Refusing unsafe storage key "${String(key).slice(0, 80)}"`,
    );
  }
}
