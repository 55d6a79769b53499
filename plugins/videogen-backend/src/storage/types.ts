import { Readable } from 'node:stream';

/** What the storage knows about a stored object. */
export type StoredObject = {
  key: string;
  sizeBytes: number;
  contentType?: string;
  lastModified?: Date;
};

/** A byte range, both ends included (as in HTTP `Range: bytes=start-end`). */
export type ByteRange = { start: number; end: number };

export type PutOptions = {
  contentType?: string;
};

/**
 * Object storage for uploads and videos, addressed by the content-addressed
 * keys of {@link ./keys}. The local adapter keeps objects in a directory, the
 * S3 adapter in an uploads bucket and a videos bucket (chosen by the key's
 * first segment).
 */
export interface ObjectStorage {
  /** `local` (a directory) or `s3`. */
  readonly kind: 'local' | 's3';

  /**
   * Stores `body` under `key`, replacing any object there. Readers never see
   * a partial object. When `body` fails, nothing is left behind and the
   * promise rejects with the body's error.
   */
  put(
    key: string,
    body: Readable | Buffer | string,
    options?: PutOptions,
  ): Promise<{ sizeBytes: number }>;

  /** Metadata of an object, or `undefined` when there is none. */
  head(key: string): Promise<StoredObject | undefined>;

  /** The object's bytes (a range of them), or `undefined` when missing. */
  read(key: string, range?: ByteRange): Promise<Readable | undefined>;

  /** Removes an object; removing a missing object is not an error. */
  delete(key: string): Promise<void>;

  /** Moves an object to another key (replacing any object there). */
  move(fromKey: string, toKey: string): Promise<void>;

  /** Keys below a prefix (for housekeeping and tests). */
  list(prefix: string): Promise<string[]>;

  /**
   * The URI the generator reads or writes the key at: `file:///...` locally,
   * `s3://bucket/key` on S3. Keys ending in `/` are prefixes.
   */
  uri(key: string): string;

  /**
   * A short-lived URL a browser can fetch the object from directly
   * (presigned S3 GET or CloudFront), or `undefined` when the backend must
   * serve the bytes itself (local storage).
   */
  playbackUrl(
    key: string,
    options: { contentType: string },
  ): Promise<string | undefined>;
}
