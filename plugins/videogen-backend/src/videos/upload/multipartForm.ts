import { InputError } from '@backstage/errors';
import busboy from 'busboy';
import { IncomingMessage } from 'node:http';

/** The fields of an upload form, in the order a missing one is named. */
export const UPLOAD_FIELDS = ['photo', 'script', 'environment'] as const;

export type UploadField = (typeof UPLOAD_FIELDS)[number];

/**
 * A multipart parser for an upload request; throws an InputError when the
 * request is not multipart/form-data. `maxFieldBytes` bounds text fields
 * (the script is the largest).
 */
export function uploadFormParser(
  req: IncomingMessage,
  maxFieldBytes: number,
): busboy.Busboy {
  try {
    return busboy({
      headers: req.headers,
      // Text fields arrive as raw bytes (latin1 maps bytes 1:1) so that
      // the script's UTF-8 can be checked strictly, not silently repaired.
      defCharset: 'latin1',
      limits: {
        fields: 10,
        files: 3,
        parts: 16,
        fieldSize: maxFieldBytes,
        headerPairs: 100,
      },
    });
  } catch {
    throw new InputError(
      'Send the upload as multipart/form-data with the fields photo, script and environment.',
    );
  }
}

/** The error for a form that ended without some of its fields. */
export function missingFieldsError(missing: UploadField[]): InputError {
  return new InputError(
    `The upload is missing the ${missing.join(' and ')} field${
      missing.length > 1 ? 's' : ''
    }. Send a photo, a script and the environment's name.`,
  );
}
