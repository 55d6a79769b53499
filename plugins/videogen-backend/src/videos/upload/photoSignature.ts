import { AcceptedPhotoType } from '@videogen/plugin-videogen-common';
import { UnsupportedMediaTypeError } from '../errors';
import { ACCEPTED_PHOTOS, describeUnknown } from './photoProblems';

/** Bytes needed to recognise every accepted format (RIFF....WEBP). */
export const SIGNATURE_BYTES = 12;

const JPEG_SOI = Buffer.from([0xff, 0xd8, 0xff]);
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const RIFF = Buffer.from('RIFF', 'latin1');

/**
 * Where each format's parser starts: JPEG and PNG parsing starts after the
 * signature the detector has checked (SOI, the PNG magic); WebP parsing
 * reads the RIFF header.
 */
export const PARSE_FROM: Record<AcceptedPhotoType, number> = {
  'image/jpeg': 2,
  'image/png': 8,
  'image/webp': 0,
};

/**
 * The type of a photo from its first {@link SIGNATURE_BYTES} bytes; throws
 * {@link UnsupportedMediaTypeError} for anything else.
 */
export function detectPhotoType(head: Buffer): AcceptedPhotoType {
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) {
    return 'image/jpeg';
  }
  if (head.subarray(0, 8).equals(PNG_MAGIC)) {
    return 'image/png';
  }
  if (
    head.toString('latin1', 0, 4) === 'RIFF' &&
    head.toString('latin1', 8, 12) === 'WEBP'
  ) {
    return 'image/webp';
  }
  throw new UnsupportedMediaTypeError(
    `${describeUnknown(head)} ${ACCEPTED_PHOTOS}`,
  );
}

/**
 * Whether a file too short to detect starts like an accepted photo (so it
 * is a truncated photo rather than something else).
 */
export function looksLikeKnownStart(head: Buffer): boolean {
  return [JPEG_SOI, PNG_MAGIC, RIFF].some(
    magic =>
      head.length >= 2 &&
      magic
        .subarray(0, Math.min(magic.length, head.length))
        .equals(head.subarray(0, Math.min(magic.length, head.length))),
  );
}
