import { Answer } from './responses';

/** Which object a PUT carried, in the words of the sentence. */
export type ObjectLabel = 'photo' | 'script';

/**
 * A PUT to object storage that failed, with a sentence for a person.
 * `statusCode` is the storage's HTTP status (0 when there was no answer),
 * `code` the S3 error code or the backend error's name when there was one.
 */
/** @public */
export class StorageUploadError extends Error {
  readonly statusCode: number;
  readonly code?: string;
  constructor(message: string, statusCode: number, code?: string) {
    super(message);
    this.name = 'StorageUploadError';
    this.statusCode = statusCode;
    this.code = code;
  }
}

function xmlField(text: string, field: string): string | undefined {
  const match = new RegExp(`<${field}>([^<]*)</${field}>`).exec(text);
  return match?.[1]?.trim() || undefined;
}

/** The error of an S3 XML body, or of the backend's JSON error body. */
function storageError(
  answer: Answer,
): { code?: string; message?: string } | undefined {
  const text = answer.text ?? '';
  if (text.includes('<Error>')) {
    return { code: xmlField(text, 'Code'), message: xmlField(text, 'Message') };
  }
  try {
    const body = JSON.parse(text);
    if (body && typeof body.error === 'object' && body.error) {
      return {
        code: typeof body.error.name === 'string' ? body.error.name : undefined,
        message:
          typeof body.error.message === 'string'
            ? body.error.message
            : undefined,
      };
    }
  } catch {
    // Neither XML nor JSON: only the status speaks.
  }
  return undefined;
}

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/**
 * Turns a refused PUT into a sentence. S3 answers with an XML `<Error>`
 * whose code says what happened; the backend's signed storage route (local
 * mode) answers with Backstage's JSON error, whose message is already a
 * sentence.
 */
export function describeStorageAnswer(
  answer: Answer,
  object: ObjectLabel,
  expired: boolean,
): StorageUploadError {
  const error = storageError(answer);
  const code = error?.code;
  const the = `the ${object}`;
  const make = (message: string) =>
    new StorageUploadError(message, answer.status, code);
  switch (code) {
    case 'BadDigest':
    case 'XAmzContentSHA256Mismatch':
    case 'InvalidDigest':
      return make(
        `Object storage refused ${the}: its bytes do not match the SHA-256 the browser computed. The file may have changed while it was being sent; choose it again and press Start.`,
      );
    case 'IncompleteBody':
    case 'RequestTimeout':
      return make(
        `Object storage received only part of ${the} before the connection stopped. Press Start to send it again.`,
      );
    case 'EntityTooLarge':
      return make(
        `Object storage refused ${the}: it is larger than the upload link allows.`,
      );
    case 'RequestTimeTooSkewed':
      return make(
        "Object storage refused the upload because this computer's clock is too far from the correct time. Set the clock right (automatic time) and press Start again.",
      );
    case 'SignatureDoesNotMatch':
      return make(
        `Object storage refused ${the} because the upload link's signature does not match the request. Press Start to get a new link; if it happens again, the platform team should check the storage configuration.`,
      );
    case 'AccessDenied':
    case 'ExpiredToken':
    case 'TokenRefreshRequired':
      if (expired || /expired/i.test(error?.message ?? '')) {
        return make(
          `The upload link for ${the} expired before it was used. Press Start to get a new one.`,
        );
      }
      return make(
        `Object storage denied access when ${the} was sent. Press Start to try again; if it keeps failing, ask the platform team to check the uploads bucket's permissions.`,
      );
    default:
      break;
  }
  if (expired && (answer.status === 403 || answer.status === 410)) {
    return make(
      `The upload link for ${the} expired before it was used. Press Start to get a new one.`,
    );
  }
  if (error?.message && answer.status < 500) {
    return make(`Storage refused ${the}: ${sentence(error.message)}`);
  }
  if (answer.status >= 500) {
    return make(
      `Object storage could not store ${the} right now (HTTP ${answer.status}). Wait a moment and press Start again.`,
    );
  }
  return make(
    `Storage refused ${the} (HTTP ${answer.status}${
      answer.statusText ? ` ${answer.statusText}` : ''
    }). Press Start to try again.`,
  );
}

/** No answer at all: the connection, or CORS, which the browser hides. */
export function describeNoAnswer(object: ObjectLabel): StorageUploadError {
  return new StorageUploadError(
    `The ${object} could not be sent to object storage: there was no answer. Check your connection and press Start again; if it keeps failing, the uploads bucket may not allow uploads from this site (its CORS rule).`,
    0,
  );
}
