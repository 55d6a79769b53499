import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { UploadPart } from './UploadStore';

/** What a local upload URL is good for: one part of one upload, as declared. */
export type SignedPut = {
  uploadId: string;
  part: UploadPart;
  sha256: string;
  sizeBytes: number;
  /** Unix seconds after which the URL is refused. */
  expires: number;
};

/**
 * Signs and checks the URLs of the local storage route (local mode's
 * stand-in for S3 presigned PUTs): HMAC-SHA256 over the upload id, the
 * part, the declared SHA-256 and size and the expiry. The signature is the
 * only credential the route takes, so the URL is good for exactly those
 * bytes until it expires.
 *
 * The key is 32 random bytes made when the backend starts and kept in this
 * process only: never configured, logged or sent anywhere. That suits local
 * mode (one backend process owns the storage directory); a restart only
 * invalidates URLs of uploads in progress, which the browser starts again.
 */
export class UploadUrlSigner {
  private readonly key: Buffer;

  constructor(key: Buffer = randomBytes(32)) {
    this.key = key;
  }

  sign(put: SignedPut): string {
    return createHmac('sha256', this.key)
      .update(
        [put.uploadId, put.part, put.sha256, put.sizeBytes, put.expires].join(
          '\n',
        ),
      )
      .digest('hex');
  }

  /** Constant-time comparison of a presented signature with the right one. */
  verify(put: SignedPut, signature: string): boolean {
    const expected = Buffer.from(this.sign(put), 'hex');
    const presented = /^[0-9a-f]{64}$/.test(signature)
      ? Buffer.from(signature, 'hex')
      : Buffer.alloc(0);
    return (
      presented.length === expected.length &&
      timingSafeEqual(presented, expected)
    );
  }
}
