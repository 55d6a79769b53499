import { fileURLToPath } from 'node:url';
import { InputError } from './errors';

/** @public */
export type FileLocation = { kind: 'file'; uri: string; path: string };
/** @public */
export type S3Location = {
  kind: 's3';
  uri: string;
  bucket: string;
  key: string;
};
/** @public */
export type Location = FileLocation | S3Location;

// Bucket names as S3 accepts them today (lower case, digits, dots, hyphens).
const BUCKET_RE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Parses a `file:///absolute/path` or `s3://bucket/key` URI.
 *
 * `file://` URIs are percent-decoded like any file URL (so a space may be
 * written as `%20`); `s3://` keys are taken literally, as the AWS CLI does.
 */
export function parseLocation(uri: string, what: string): Location {
  const value = uri.trim();
  if (value.startsWith('s3://')) {
    const rest = value.slice('s3://'.length);
    const slash = rest.indexOf('/');
    const bucket = slash === -1 ? rest : rest.slice(0, slash);
    const key = slash === -1 ? '' : rest.slice(slash + 1);
    if (!BUCKET_RE.test(bucket)) {
      throw new InputError(`${what} URI ${uri} has an invalid bucket name`);
    }
    return { kind: 's3', uri: value, bucket, key };
  }
  if (value.startsWith('file:')) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new InputError(`${what} URI ${uri} is not a valid file URI`);
    }
    if (url.search || url.hash) {
      throw new InputError(
        `${what} URI ${uri} contains "?" or "#"; percent-encode them (%3F, %23)`,
      );
    }
    if (url.host !== '' && url.host !== 'localhost') {
      throw new InputError(
        `${what} URI ${uri} names a remote host; use file:///absolute/path`,
      );
    }
    let path: string;
    try {
      path = fileURLToPath(url);
    } catch {
      throw new InputError(`${what} URI ${uri} is not a valid file URI`);
    }
    return { kind: 'file', uri: value, path };
  }
  throw new InputError(
    `${what} URI ${
      uri || '(empty)'
    } is not supported; use file:///absolute/path or s3://bucket/key`,
  );
}

/** An input must name an object or file, not a bucket or a directory. */
export function parseInputLocation(uri: string, what: string): Location {
  const location = parseLocation(uri, what);
  if (
    location.kind === 's3' &&
    (location.key === '' || location.key.endsWith('/'))
  ) {
    throw new InputError(`${what} URI ${uri} names a prefix, not an object`);
  }
  if (location.kind === 'file' && location.path.endsWith('/')) {
    throw new InputError(`${what} URI ${uri} names a directory, not a file`);
  }
  return location;
}

/**
 * The output is a prefix ("directory"); trailing slashes are optional and the
 * worker writes `<prefix>/video.mp4` and friends under it.
 */
export function parseOutputLocation(uri: string): Location {
  const location = parseLocation(uri, 'output');
  if (location.kind === 's3') {
    const key = location.key.replace(/\/+$/, '');
    if (key === '') {
      throw new InputError(
        `output URI ${uri} has no prefix; use s3://bucket/some/prefix`,
      );
    }
    return { ...location, key };
  }
  const path =
    location.path.length > 1
      ? location.path.replace(/\/+$/, '')
      : location.path;
  if (path === '/') {
    throw new InputError(`output URI ${uri} cannot be the root directory`);
  }
  return { ...location, path };
}

/** The URI of a file below an output prefix, for messages. */
export function childUri(prefix: Location, name: string): string {
  return `${prefix.uri.replace(/\/+$/, '')}/${name}`;
}
