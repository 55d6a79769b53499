import { S3Client } from '@aws-sdk/client-s3';
import { InputError } from '../errors';
import {
  PhotoType,
  describeOtherFormat,
  detectPhotoType,
} from '../image/detect';
import { readInput } from '../io/inputs';
import { splitSentences } from '../text/sentences';
import { Location } from '../uri';
import { RenderInputs } from './job';
import { LIMITS } from './settings';

/** Reads the script and the photo and rejects what cannot be rendered. */
export async function fetchInputs(
  locations: { script: Location; photo: Location },
  options: { s3: () => S3Client; signal: AbortSignal },
): Promise<RenderInputs> {
  const [scriptBytes, photo] = await Promise.all([
    readInput(locations.script, {
      what: 'script',
      maxBytes: LIMITS.scriptBytes,
      s3: options.s3,
      signal: options.signal,
    }),
    readInput(locations.photo, {
      what: 'photo',
      maxBytes: LIMITS.photoBytes,
      s3: options.s3,
      signal: options.signal,
    }),
  ]);
  const sentences = scriptSentences(
    decodeScript(scriptBytes, locations.script.uri),
  );
  const photoType = checkPhoto(photo, locations.photo.uri);
  return { photo, photoType, sentences };
}

export function decodeScript(bytes: Buffer, uri: string): string {
  if (bytes.length === 0) {
    throw new InputError(`script ${uri} is empty`);
  }
  if (
    (bytes[0] === 0xff && bytes[1] === 0xfe) ||
    (bytes[0] === 0xfe && bytes[1] === 0xff)
  ) {
    throw new InputError('script is UTF-16 text; save it as UTF-8');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError('script is not UTF-8 text');
  }
}

export function scriptSentences(text: string): string[] {
  const sentences = splitSentences(text);
  if (sentences.length === 0) {
    throw new InputError(
      'script has nothing to narrate (no letters or digits)',
    );
  }
  if (sentences.length > LIMITS.scenes) {
    throw new InputError(
      `script has ${sentences.length} sentences; at most ${LIMITS.scenes} are supported`,
    );
  }
  return sentences;
}

export function checkPhoto(bytes: Buffer, uri: string): PhotoType {
  if (bytes.length === 0) {
    throw new InputError(`photo ${uri} is empty`);
  }
  const type = detectPhotoType(bytes.subarray(0, 32));
  if (!type) {
    const other = describeOtherFormat(bytes.subarray(0, 32));
    throw new InputError(
      `photo is not a JPEG, PNG or WebP image${
        other ? ` (it is ${other})` : ''
      }`,
    );
  }
  return type;
}
