import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  ServerSideEncryption,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Readable, Transform } from 'node:stream';
import { assertSafeKey } from './keys';
import { ByteRange, ObjectStorage, PutOptions, StoredObject } from './types';

export type S3StorageOptions = {
  client: S3Client;
  /** Bucket for `uploads/...` keys (photos, scripts, temporary uploads). */
  uploadsBucket: string;
  /** Bucket for `videos/...` keys (the generator's outputs). */
  videosBucket: string;
  /** SSE-KMS key (ARN, ID or alias); SSE-S3 (AES256) when absent. */
  kmsKeyId?: string;
  /**
   * Serve videos from this CloudFront domain (e.g. `d111.cloudfront.net`)
   * instead of presigned S3 URLs.
   */
  cloudfrontDomain?: string;
  /** Lifetime of presigned playback URLs. Default 300 s. */
  presignExpirySeconds?: number;
  /** Multipart part size for large bodies. Default 8 MiB. */
  partSizeBytes?: number;
};

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    e?.name === 'NotFound' ||
    e?.name === 'NoSuchKey' ||
    e?.$metadata?.httpStatusCode === 404
  );
}

/**
 * Objects in S3: `uploads/...` keys in the uploads bucket, `videos/...` keys
 * in the videos bucket. Every write asks for a SHA-256 checksum and
 * server-side encryption (SSE-KMS with the configured key, else AES256);
 * large bodies go up as multipart uploads.
 */
export class S3ObjectStorage implements ObjectStorage {
  readonly kind = 's3' as const;
  private readonly client: S3Client;
  private readonly options: S3StorageOptions;

  constructor(options: S3StorageOptions) {
    this.client = options.client;
    this.options = options;
  }

  private locate(key: string, allowPrefix = false) {
    assertSafeKey(key, allowPrefix);
    if (key.startsWith('uploads/')) {
      return { Bucket: this.options.uploadsBucket, Key: key };
    }
    if (key.startsWith('videos/')) {
      return { Bucket: this.options.videosBucket, Key: key };
    }
    throw new Error(`No bucket for storage key "${key.slice(0, 80)}"`);
  }

  private encryption() {
    return this.options.kmsKeyId
      ? {
          ServerSideEncryption: ServerSideEncryption.aws_kms,
          SSEKMSKeyId: this.options.kmsKeyId,
        }
      : { ServerSideEncryption: ServerSideEncryption.AES256 };
  }

  async put(
    key: string,
    body: Readable | Buffer | string,
    options?: PutOptions,
  ): Promise<{ sizeBytes: number }> {
    let sizeBytes = 0;
    let bodyError: unknown;
    let source: Readable | Buffer;
    if (typeof body === 'string' || Buffer.isBuffer(body)) {
      source = Buffer.from(body);
      sizeBytes = source.length;
    } else {
      // Count bytes on the way through and remember the body's own error:
      // it is the interesting one, not the SDK's wrapping of it.
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          sizeBytes += chunk.length;
          callback(null, chunk);
        },
      });
      body.once('error', error => {
        bodyError = error;
        counter.destroy(error);
      });
      source = body.pipe(counter);
    }
    const upload = new Upload({
      client: this.client,
      partSize: this.options.partSizeBytes ?? 8 * 1024 * 1024,
      queueSize: 2,
      leavePartsOnError: false,
      params: {
        ...this.locate(key),
        Body: source,
        ContentType: options?.contentType,
        ChecksumAlgorithm: 'SHA256',
        ...this.encryption(),
      },
    });
    try {
      await upload.done();
    } catch (error) {
      throw bodyError ?? error;
    }
    if (bodyError) {
      throw bodyError;
    }
    return { sizeBytes };
  }

  async head(key: string): Promise<StoredObject | undefined> {
    try {
      const response = await this.client.send(
        new HeadObjectCommand(this.locate(key)),
      );
      return {
        key,
        sizeBytes: response.ContentLength ?? 0,
        contentType: response.ContentType,
        lastModified: response.LastModified,
      };
    } catch (error) {
      if (isNotFound(error)) {
        return undefined;
      }
      throw error;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable | undefined> {
    try {
      const response = await this.client.send(
        new GetObjectCommand({
          ...this.locate(key),
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      return response.Body as Readable;
    } catch (error) {
      if (isNotFound(error)) {
        return undefined;
      }
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand(this.locate(key)));
  }

  async move(fromKey: string, toKey: string): Promise<void> {
    const from = this.locate(fromKey);
    const to = this.locate(toKey);
    // CopyObject copies up to 5 GB in one call, far above any photo limit.
    await this.client.send(
      new CopyObjectCommand({
        ...to,
        CopySource: `${from.Bucket}/${encodeURIComponent(from.Key).replace(
          /%2F/g,
          '/',
        )}`,
        ChecksumAlgorithm: 'SHA256',
        ...this.encryption(),
      }),
    );
    await this.client.send(new DeleteObjectCommand(from));
  }

  /**
   * A presigned PUT of exactly the declared bytes (direct uploads). The
   * signature covers `content-length`, `content-type` and
   * `x-amz-checksum-sha256`, so S3 itself refuses a body of another length
   * or hash, and `if-none-match: *`, so a second PUT to the same key fails
   * (412): the URL is good for one object. No encryption header: the bucket's default encryption (our
   * Terraform sets SSE-S3 or SSE-KMS on every bucket) applies to the object,
   * and the browser does not have to send one. `headers` are those the
   * browser must send; it sends `content-length` by itself.
   */
  async presignPut(
    key: string,
    declared: {
      sizeBytes: number;
      contentType: string;
      sha256: string;
      expiresInSeconds: number;
    },
  ): Promise<{ url: string; headers: Record<string, string> }> {
    const checksum = Buffer.from(declared.sha256, 'hex').toString('base64');
    const url = await getSignedUrl(
      this.client,
      new PutObjectCommand({
        ...this.locate(key),
        ContentLength: declared.sizeBytes,
        ContentType: declared.contentType,
        ChecksumSHA256: checksum,
        // S3 conditional write: the URL cannot replace an object that is
        // there already, so it is good for one object.
        IfNoneMatch: '*',
      }),
      {
        expiresIn: declared.expiresInSeconds,
        signableHeaders: new Set([
          'content-length',
          'content-type',
          'x-amz-checksum-sha256',
          'if-none-match',
        ]),
        // Kept as headers (not hoisted into the query), so the request
        // carries them and S3 checks the body against them.
        unhoistableHeaders: new Set(['x-amz-checksum-sha256']),
      },
    );
    return {
      url,
      headers: {
        'content-type': declared.contentType,
        'x-amz-checksum-sha256': checksum,
        'if-none-match': '*',
      },
    };
  }

  /**
   * The SHA-256 (hex) S3 verified when the object was written, from
   * HeadObject with checksum mode, or undefined when the peer keeps none
   * (an object written without a checksum, or an S3 implementation without
   * checksums, such as s3rver). Only a full-object checksum counts: a
   * multipart upload's composite checksum is not the SHA-256 of the bytes.
   */
  async storedSha256(key: string): Promise<string | undefined> {
    const response = await this.client.send(
      new HeadObjectCommand({ ...this.locate(key), ChecksumMode: 'ENABLED' }),
    );
    const checksum = response.ChecksumSHA256;
    if (
      !checksum ||
      checksum.includes('-') ||
      (response.ChecksumType && response.ChecksumType !== 'FULL_OBJECT')
    ) {
      return undefined;
    }
    return Buffer.from(checksum, 'base64').toString('hex');
  }

  async list(prefix: string): Promise<string[]> {
    const buckets =
      prefix === ''
        ? [this.options.uploadsBucket, this.options.videosBucket]
        : [this.locate(prefix, true).Bucket];
    const keys: string[] = [];
    for (const Bucket of [...new Set(buckets)]) {
      let ContinuationToken: string | undefined;
      do {
        const page = await this.client.send(
          new ListObjectsV2Command({
            Bucket,
            Prefix: prefix || undefined,
            ContinuationToken,
          }),
        );
        for (const item of page.Contents ?? []) {
          if (item.Key) {
            keys.push(item.Key);
          }
        }
        ContinuationToken = page.IsTruncated
          ? page.NextContinuationToken
          : undefined;
      } while (ContinuationToken);
    }
    return keys.sort();
  }

  uri(key: string): string {
    const { Bucket, Key } = this.locate(key, true);
    return `s3://${Bucket}/${Key}`;
  }

  async playbackUrl(
    key: string,
    options: { contentType: string },
  ): Promise<string | undefined> {
    const location = this.locate(key);
    if (this.options.cloudfrontDomain) {
      const domain = this.options.cloudfrontDomain
        .replace(/^https?:\/\//, '')
        .replace(/\/+$/, '');
      return `https://${domain}/${location.Key.split('/')
        .map(encodeURIComponent)
        .join('/')}`;
    }
    return getSignedUrl(
      this.client,
      new GetObjectCommand({
        ...location,
        ResponseContentType: options.contentType,
      }),
      { expiresIn: this.options.presignExpirySeconds ?? 300 },
    );
  }
}
