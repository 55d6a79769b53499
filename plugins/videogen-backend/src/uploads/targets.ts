import { VideogenHttp } from '@videogen/plugin-videogen-common';
import { ObjectStorage, S3ObjectStorage, storageKeys } from '../storage';
import { UploadUrlSigner } from './signing';
import { STORAGE_ROUTE_PREFIX } from './storageRoute';
import { DirectUpload, UploadPart } from './UploadStore';

const CONTENT_TYPES: Record<UploadPart, (upload: DirectUpload) => string> = {
  photo: upload => upload.photo.type,
  script: () => 'text/plain; charset=utf-8',
};

/**
 * Where the browser sends an upload's objects: an S3 presigned PUT that
 * carries the declared length and SHA-256 (aws mode), or a signed URL of the
 * backend's own storage route (local mode). Both expire with the upload.
 */
export class UploadTargets {
  constructor(
    private readonly options: {
      /** The plugin's external base URL, for local mode's storage route. */
      externalBaseUrl: string;
      /** Local mode's signer; its key never leaves this process. */
      signer: UploadUrlSigner;
    },
  ) {}

  async target(
    storage: ObjectStorage,
    upload: DirectUpload,
    part: UploadPart,
  ): Promise<VideogenHttp.UploadTarget> {
    const declared = upload[part];
    const contentType = CONTENT_TYPES[part](upload);
    const expires = Math.floor(upload.expiresAt.getTime() / 1000);
    if (storage instanceof S3ObjectStorage) {
      const { url, headers } = await storage.presignPut(
        storageKeys.incoming(upload.id, part),
        {
          sizeBytes: declared.sizeBytes,
          contentType,
          sha256: declared.sha256,
          expiresInSeconds: Math.max(
            1,
            expires - Math.floor(Date.now() / 1000),
          ),
        },
      );
      return { url, method: 'PUT', headers };
    }
    const signature = this.options.signer.sign({
      uploadId: upload.id,
      part,
      sha256: declared.sha256,
      sizeBytes: declared.sizeBytes,
      expires,
    });
    return {
      url: `${this.options.externalBaseUrl}${STORAGE_ROUTE_PREFIX}/${upload.id}/${part}?expires=${expires}&signature=${signature}`,
      method: 'PUT',
      headers: { 'content-type': contentType },
    };
  }
}
