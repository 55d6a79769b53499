import { CustomErrorBase } from '@backstage/errors';

// Backstage's error handler answers with an error's `statusCode` and the
// standard body { error: { name, message }, ... }; these add the statuses
// @backstage/errors has no class for.

/** 413: the upload is larger than the configured limit. */
export class PayloadTooLargeError extends CustomErrorBase {
  name = 'PayloadTooLargeError' as const;
  readonly statusCode = 413;
}

/** 415: the photo is not a type the generator accepts. */
export class UnsupportedMediaTypeError extends CustomErrorBase {
  name = 'UnsupportedMediaTypeError' as const;
  readonly statusCode = 415;
}

/** 416: the requested byte range lies outside the object. */
export class RangeNotSatisfiableError extends CustomErrorBase {
  name = 'RangeNotSatisfiableError' as const;
  readonly statusCode = 416;
}
