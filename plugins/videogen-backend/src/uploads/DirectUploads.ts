import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  ACCEPTED_PHOTO_TYPES,
  UploadVideoResponse,
  VideogenHttp,
} from '@videogen/plugin-videogen-common';
import { randomUUID } from 'node:crypto';
import { ObjectStorage, StorageResolver, storageKeys } from '../storage';
import { UnsupportedMediaTypeError } from '../videos/errors';
import { photoTooLarge } from '../videos/upload/PhotoIngest';
import { describeDeclaredType } from '../videos/upload/photoProblems';
import { maxScriptBytes, scriptTooLong } from '../videos/upload/scriptPart';
import { VideoPipeline } from '../videos/VideoPipeline';
import { ArrivalCheck } from './arrival';
import { UploadTargets } from './targets';
import { DirectUpload, UPLOAD_PARTS, UploadStore } from './UploadStore';

export type StartOutcome =
  | { status: 200; body: UploadVideoResponse }
  | { status: 201; body: VideogenHttp.StartUploadResponse };

/**
 * Direct uploads: the browser declares the hashes and sizes, sends the
 * bytes straight to object storage (S3 presigned PUTs, or the backend's
 * signed storage route in local mode), then asks to complete. A pair that
 * already has a video costs no byte; what arrives is checked with the
 * multipart route's rules and sentences before the video is created by the
 * pipeline's one registration path.
 */
export class DirectUploads {
  constructor(
    private readonly options: {
      pipeline: VideoPipeline;
      uploads: UploadStore;
      storages: StorageResolver;
      targets: UploadTargets;
      /** Lifetime of an upload and its URLs. */
      expirySeconds: number;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** `POST /uploads`: the dedupe answer, or an upload with its two URLs. */
  async start(
    request: VideogenHttp.StartUploadRequest,
    createdBy: string,
  ): Promise<StartOutcome> {
    const { pipeline } = this.options;
    const { environment, photo, script } = request;
    // One read checks the environment and looks the pair up: a duplicate
    // is answered from it alone.
    const known = await pipeline.lookupAccepted({
      environment,
      photoSha256: photo.sha256,
      scriptSha256: script.sha256,
    });
    const photoType = checkDeclaredPhoto(photo, pipeline.limits.maxPhotoBytes);
    checkDeclaredScript(script, pipeline.limits.maxScriptCharacters);

    const live = pipeline.answerHit(known);
    if (live) {
      return { status: 200, body: live };
    }
    // Refused now rather than after the bytes were sent; checked again at
    // completion.
    await pipeline.jobs.assertUserMayQueue(createdBy);

    const { storage } = await pipeline.storages.forEnvironment(environment);
    const createdAt = this.now();
    const upload: DirectUpload = {
      id: randomUUID(),
      environment,
      createdBy,
      photo: { sha256: photo.sha256, sizeBytes: photo.size, type: photoType },
      script: { sha256: script.sha256, sizeBytes: script.size },
      generatorVersion: pipeline.generatorVersion,
      createdAt,
      expiresAt: new Date(
        createdAt.getTime() + this.options.expirySeconds * 1000,
      ),
    };
    await this.options.uploads.insert(upload);
    const targets = this.options.targets;
    return {
      status: 201,
      body: {
        uploadId: upload.id,
        photo: await targets.target(storage, upload, 'photo'),
        script: await targets.target(storage, upload, 'script'),
        expiresAt: upload.expiresAt.toISOString(),
      },
    };
  }

  /**
   * `POST /uploads/:id/complete`: checks what arrived and creates the video
   * and its job (202), or answers the video the pair got meanwhile (200).
   * Any refusal removes the upload's objects and its row.
   */
  async complete(
    uploadId: string,
    by: string,
  ): Promise<{ created: boolean; response: UploadVideoResponse }> {
    const upload = await this.options.uploads.get(uploadId);
    // Someone else's upload is answered like an unknown one, so upload ids
    // cannot be probed (and nobody completes another's upload).
    if (!upload || upload.createdBy !== by) {
      throw new NotFoundError(
        `There is no upload with id "${uploadId.slice(
          0,
          64,
        )}" of yours; it may have expired or been completed already. Start the upload again.`,
      );
    }
    const { pipeline } = this.options;
    let storage: ObjectStorage | undefined;
    try {
      if (this.now() > upload.expiresAt) {
        throw new NotFoundError(
          `The upload expired at ${upload.expiresAt.toISOString()}. Start the upload again.`,
        );
      }
      await pipeline.checkEnvironmentAcceptsUploads(upload.environment);
      storage = (await pipeline.storages.forEnvironment(upload.environment))
        .storage;
      const arrived = await new ArrivalCheck(
        storage,
        upload,
        pipeline.limits,
      ).run();
      const target = storage;
      const outcome = await pipeline.register(
        {
          environment: upload.environment,
          storage: target,
          photo: arrived.photo,
          scriptSha256: arrived.scriptSha256,
          placePhoto: key =>
            target.move(storageKeys.incoming(upload.id, 'photo'), key),
          placeScript: async key => {
            const incoming = storageKeys.incoming(upload.id, 'script');
            if (arrived.normalisedScript === undefined) {
              await target.move(incoming, key);
            } else {
              await target.put(key, arrived.normalisedScript, {
                contentType: 'text/plain; charset=utf-8',
              });
            }
          },
        },
        by,
      );
      await this.discard(upload, storage);
      return outcome;
    } catch (error) {
      await this.discard(upload, storage);
      throw error;
    }
  }

  /** Removes an upload's objects (those still there) and its row. */
  async discard(upload: DirectUpload, storage?: ObjectStorage): Promise<void> {
    try {
      const where =
        storage ??
        (await this.options.storages.forEnvironment(upload.environment))
          .storage;
      for (const part of UPLOAD_PARTS) {
        await where.delete(storageKeys.incoming(upload.id, part));
      }
      await this.options.uploads.delete(upload.id);
    } catch (error) {
      // The sweep (local) or the lifecycle rule (S3) removes them later.
      this.options.logger.warn(
        `Could not remove direct upload ${upload.id}: ${error}`,
      );
    }
  }

  /** Removes uploads past their expiry; returns how many. Never throws. */
  async sweepExpired(): Promise<number> {
    let removed = 0;
    try {
      for (;;) {
        const batch = await this.options.uploads.expired(this.now());
        for (const upload of batch) {
          await this.discard(upload);
          removed += 1;
        }
        if (batch.length < 100) {
          break;
        }
      }
    } catch (error) {
      this.options.logger.warn(`Sweeping expired uploads failed: ${error}`);
    }
    return removed;
  }
}

/**
 * What a browser says when it does not know a file's type (no type, or
 * `application/octet-stream`, e.g. a .webp on some systems): the photo is
 * then judged by its magic bytes at completion, as the multipart route
 * judges every photo.
 */
const UNKNOWN_TYPE = 'application/octet-stream';

/** The declared photo, with the multipart route's sentences. */
function checkDeclaredPhoto(
  photo: VideogenHttp.StartUploadRequest['photo'],
  maxPhotoBytes: number,
): string {
  const type =
    photo.contentType.split(';')[0].trim().toLowerCase() || UNKNOWN_TYPE;
  if (!(type in ACCEPTED_PHOTO_TYPES) && type !== UNKNOWN_TYPE) {
    throw new UnsupportedMediaTypeError(describeDeclaredType(type));
  }
  if (photo.size === 0) {
    throw new InputError('The photo is empty. Choose a photo file.');
  }
  if (photo.size > maxPhotoBytes) {
    throw photoTooLarge(maxPhotoBytes);
  }
  return type;
}

/** The declared script: the multipart route's sentences for its size. */
function checkDeclaredScript(
  script: VideogenHttp.StartUploadRequest['script'],
  maxCharacters: number,
): void {
  if (script.size === 0) {
    throw new InputError(
      'The script is empty. Write at least one sentence for the character to say.',
    );
  }
  if (script.size > maxScriptBytes(maxCharacters)) {
    throw scriptTooLong(maxCharacters);
  }
}
