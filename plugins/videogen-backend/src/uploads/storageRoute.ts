import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { LocalObjectStorage, storageKeys } from '../storage';
import {
  closeAfterAnswer,
  idleLimited,
  UploadIdleError,
} from '../videos/upload/idleTimeout';
import { UploadUrlSigner } from './signing';
import { UPLOAD_PARTS, UploadPart, UploadStore } from './UploadStore';
import {
  longerThanDeclared,
  otherLengthThanDeclared,
  verifiedBody,
} from './verifyBody';

/** Path of the route, under the plugin's base URL. */
export const STORAGE_ROUTE_PREFIX = '/storage/uploads';

/** After a refusal, bytes of the body still read (and dropped) before closing. */
const DRAIN_CAP_BYTES = 1024 * 1024;

const INVALID_URL =
  'This upload URL is not valid: it is unknown, altered or belongs to another upload. Start the upload again to get new URLs.';

/**
 * Local mode's stand-in for S3 presigned PUTs:
 * `PUT /storage/uploads/<uploadId>/<photo|script>?expires=..&signature=..`.
 *
 * It takes no Backstage credentials (the browser sends the bytes as a plain
 * PUT, as it would to S3): the signature is the credential. It writes the
 * raw body to `uploads/incoming/<uploadId>/<part>` in one pass while
 * hashing it (staging file + rename, so nothing partial is ever visible),
 * and refuses, leaving nothing, a body longer or shorter than declared or
 * whose SHA-256 differs. Each URL is good for one object: a second PUT of
 * the same part after a success is 409.
 *
 * Mounted before the plugin's credential check and its OpenAPI validator,
 * which would otherwise ask for a token and try to parse the raw body.
 */
export function createStorageRouter(options: {
  uploads: UploadStore;
  signer: UploadUrlSigner;
  storage: LocalObjectStorage;
  logger: LoggerService;
  /**
   * `videogen.uploads.idleTimeout`: a PUT that sends no byte for this long
   * is ended with 408 (not held until Node's 5-minute request timeout).
   */
  idleTimeoutMs: number;
  now?: () => Date;
}): express.Router {
  const { uploads, signer, storage, logger, idleTimeoutMs } = options;
  const now = options.now ?? (() => new Date());
  const router = Router();

  router.put(`${STORAGE_ROUTE_PREFIX}/:uploadId/:part`, async (req, res) => {
    const part = req.params.part as UploadPart;
    if (!UPLOAD_PARTS.includes(part)) {
      throw new NotFoundError(
        `An upload has no object "${part.slice(0, 16)}".`,
      );
    }
    const { expires, signature } = req.query;
    const upload = await uploads.get(req.params.uploadId);
    // Unknown and forged look the same: the route tells a caller without a
    // valid URL nothing about which uploads exist.
    if (
      !upload ||
      typeof expires !== 'string' ||
      typeof signature !== 'string' ||
      !/^\d{1,12}$/.test(expires) ||
      !signer.verify(
        {
          uploadId: upload.id,
          part,
          sha256: upload[part].sha256,
          sizeBytes: upload[part].sizeBytes,
          expires: Number(expires),
        },
        signature,
      )
    ) {
      refuse(req, res);
      throw new NotAllowedError(INVALID_URL);
    }
    const expiresAt = new Date(
      Math.min(Number(expires) * 1000, upload.expiresAt.getTime()),
    );
    if (now() > expiresAt) {
      refuse(req, res);
      throw new NotAllowedError(
        `This upload URL expired at ${expiresAt.toISOString()}. Start the upload again to get new URLs.`,
      );
    }
    const declared = { part, ...upload[part] };
    const length = req.headers['content-length'];
    if (length !== undefined && Number(length) !== declared.sizeBytes) {
      // Refused before a byte is read, with the sentences of a body found
      // too long or too short while streaming.
      refuse(req, res);
      throw Number(length) > declared.sizeBytes
        ? longerThanDeclared(part, declared.sizeBytes)
        : otherLengthThanDeclared(part, Number(length), declared.sizeBytes);
    }
    if (!(await uploads.claim(upload.id, part))) {
      refuse(req, res);
      throw new ConflictError(
        `The ${part} of this upload has been sent already; each upload URL is good for one object. Complete the upload, or start it again.`,
      );
    }
    try {
      await storage.putChunks(
        storageKeys.incoming(upload.id, part),
        // A refused body must not destroy the request (and its socket):
        // the refusal is still to be answered.
        verifiedBody(
          idleLimited(req.iterator({ destroyOnReturn: false }), idleTimeoutMs),
          declared,
        ),
      );
    } catch (error) {
      // A refused body leaves nothing (the write removed its staging file)
      // and the URL may be used again until it expires.
      await uploads
        .release(upload.id, part)
        .catch(e => logger.warn(`Could not release upload ${upload.id}: ${e}`));
      refuse(req, res);
      if (error instanceof UploadIdleError) {
        // The client is not sending: answer, then close its connection.
        closeAfterAnswer(req);
      }
      throw error;
    }
    res.status(200).json({ part, size: declared.sizeBytes });
  });

  return router;
}

/**
 * The request is answered before its body is read (or while it still
 * streams): the rest is read and dropped up to a cap, so a client still
 * sending sees the answer, then the connection closes.
 */
function refuse(req: express.Request, res: express.Response): void {
  res.setHeader('Connection', 'close');
  req.unpipe();
  let dropped = 0;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > DRAIN_CAP_BYTES) {
      req.socket.destroy();
    }
  });
  req.resume();
}
