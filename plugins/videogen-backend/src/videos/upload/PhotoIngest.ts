import { UploadLimits } from '@videogen/plugin-videogen-common';
import { createHash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';
import { PayloadTooLargeError } from '../errors';
import { PhotoFacts, PhotoInspector } from './PhotoInspector';

function formatMegabytes(bytes: number): string {
  if (bytes < 1024 * 1024) {
    return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  }
  const mb = bytes / (1024 * 1024);
  return `${
    Number.isInteger(mb) || mb >= 10 ? Math.round(mb) : mb.toFixed(1)
  } MB`;
}

/** 413: the photo is larger than the upload limit. */
export function photoTooLarge(maxPhotoBytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError(
    `The photo is larger than ${formatMegabytes(
      maxPhotoBytes,
    )}, the upload limit. Choose a smaller photo or scale it down.`,
  );
}

/**
 * Hashes, measures and inspects the photo as it streams to storage, and
 * fails the stream the moment it crosses the size limit or shows it is not
 * an acceptable photo.
 */
export class PhotoIngest extends Transform {
  readonly hash = createHash('sha256');
  sizeBytes = 0;
  facts?: PhotoFacts;
  failure?: Error;
  private readonly inspector: PhotoInspector;

  constructor(private readonly limits: UploadLimits) {
    super();
    this.inspector = new PhotoInspector({ maxPixels: limits.maxPhotoPixels });
  }

  _transform(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: TransformCallback,
  ) {
    this.sizeBytes += chunk.length;
    if (this.sizeBytes > this.limits.maxPhotoBytes) {
      this.fail(photoTooLarge(this.limits.maxPhotoBytes), callback);
      return;
    }
    try {
      this.inspector.push(chunk);
    } catch (error) {
      this.fail(error as Error, callback);
      return;
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }

  _flush(callback: TransformCallback) {
    try {
      this.facts = this.inspector.finish();
    } catch (error) {
      this.fail(error as Error, callback);
      return;
    }
    callback();
  }

  private fail(error: Error, callback: TransformCallback) {
    this.failure = error;
    callback(error);
  }
}
