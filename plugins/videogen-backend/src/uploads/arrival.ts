import { InputError } from '@backstage/errors';
import { UploadLimits } from '@videogen/plugin-videogen-common';
import { createHash } from 'node:crypto';
import { ObjectStorage, S3ObjectStorage, storageKeys } from '../storage';
import { PhotoFacts } from '../videos/upload/PhotoInspector';
import { readScript } from '../videos/upload/readScript';
import { inspectStoredPhoto } from './storedPhoto';
import { DirectUpload, UploadPart } from './UploadStore';
import { otherBytesThanDeclared, otherLengthThanDeclared } from './verifyBody';

/** What a completed upload brought, checked. */
export type ArrivedInputs = {
  photo: PhotoFacts & { sha256: string; sizeBytes: number };
  /** SHA-256 of the normalised script (what the dedupe key uses). */
  scriptSha256: string;
  /**
   * The normalised text, when it differs from the bytes sent (a client that
   * hashed the script as typed); undefined when the bytes are the
   * normalised script already and can be moved into place as they are.
   */
  normalisedScript?: string;
};

/**
 * Checks the objects of a direct upload where they arrived: both present,
 * each of its declared size and SHA-256, the photo's type, header, pixel
 * size and end (the multipart route's inspector and sentences, by ranged
 * reads), and the script (read whole: it is small) by the multipart route's
 * rules.
 */
export class ArrivalCheck {
  constructor(
    private readonly storage: ObjectStorage,
    private readonly upload: DirectUpload,
    private readonly limits: UploadLimits,
  ) {}

  async run(): Promise<ArrivedInputs> {
    const { upload } = this;
    await this.checkPresent('photo');
    await this.checkPresent('script');
    const script = await this.checkScript();
    await this.checkPhotoHash();
    const facts = await inspectStoredPhoto(
      this.storage,
      storageKeys.incoming(upload.id, 'photo'),
      upload.photo.sizeBytes,
      this.limits,
    );
    return {
      photo: {
        ...facts,
        sha256: upload.photo.sha256,
        sizeBytes: upload.photo.sizeBytes,
      },
      scriptSha256: script.sha256,
      ...(script.sentAsIs ? {} : { normalisedScript: script.text }),
    };
  }

  private async checkPresent(part: UploadPart): Promise<void> {
    const declared = this.upload[part];
    const object = await this.storage.head(
      storageKeys.incoming(this.upload.id, part),
    );
    if (!object) {
      throw new InputError(
        `The ${part} has not arrived: send its bytes to its upload URL (PUT) before completing the upload, or start the upload again.`,
      );
    }
    if (object.sizeBytes !== declared.sizeBytes) {
      throw otherLengthThanDeclared(part, object.sizeBytes, declared.sizeBytes);
    }
  }

  /**
   * The photo's bytes are those declared. S3 verified them against the
   * signed `x-amz-checksum-sha256` when they were written, and HeadObject
   * (checksum mode) returns that checksum: no byte is read. A peer that
   * returns no checksum (s3rver implements none) gets the photo read and
   * hashed instead, which costs a read of the whole photo. Local storage:
   * only the signed storage route writes incoming objects, and it wrote
   * this one only after its SHA-256 matched (see storageRoute.ts).
   */
  private async checkPhotoHash(): Promise<void> {
    if (!(this.storage instanceof S3ObjectStorage)) {
      return;
    }
    const key = storageKeys.incoming(this.upload.id, 'photo');
    const stored =
      (await this.storage.storedSha256(key)) ?? (await this.hashByReading(key));
    if (stored !== this.upload.photo.sha256) {
      throw otherBytesThanDeclared('photo');
    }
  }

  private async hashByReading(key: string): Promise<string> {
    const body = await this.storage.read(key);
    const hash = createHash('sha256');
    for await (const chunk of body ?? []) {
      hash.update(chunk as Buffer);
    }
    return hash.digest('hex');
  }

  /**
   * The script as sent (its SHA-256 is the declared one), then decoded,
   * normalised and checked like the multipart route's. The browser hashes
   * the normalised text, so normalising changes nothing; a client that
   * hashed the script as typed (CRLF, a final newline) is accepted too, and
   * the normalised text is what is stored, as on the multipart route.
   */
  private async checkScript(): Promise<{
    sha256: string;
    text: string;
    sentAsIs: boolean;
  }> {
    const body = await this.storage.read(
      storageKeys.incoming(this.upload.id, 'script'),
    );
    const chunks: Buffer[] = [];
    for await (const chunk of body ?? []) {
      chunks.push(chunk as Buffer);
    }
    const bytes = Buffer.concat(chunks);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (sha256 !== this.upload.script.sha256) {
      throw otherBytesThanDeclared('script');
    }
    const script = readScript(bytes, this.limits.maxScriptCharacters);
    return { ...script, sentAsIs: script.sha256 === sha256 };
  }
}
