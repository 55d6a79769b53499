import { InputError } from '@backstage/errors';
import { UploadLimits } from '@videogen/plugin-videogen-common';
import { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { ObjectStorage } from '../../storage';
import { abandonRequest } from './abandonRequest';
import { closeAfterAnswer, watchUploadIdle } from './idleTimeout';
import {
  missingFieldsError,
  UPLOAD_FIELDS,
  uploadFormParser,
} from './multipartForm';
import { PhotoStaging, ReceivedPhoto } from './PhotoStaging';
import { ReceivedScript, readScript } from './readScript';
import { maxScriptBytes, readScriptFile, scriptTooLong } from './scriptPart';
import { UploadStorage } from './UploadStorage';

export type { ReceivedScript } from './readScript';
export type { ReceivedPhoto } from './PhotoStaging';

/** `videogen.uploads.idleTimeout` when unset. */
export const DEFAULT_UPLOAD_IDLE_TIMEOUT_MS = 30_000;

export type ReceivedUpload = {
  environment: string;
  photo: ReceivedPhoto;
  script: ReceivedScript;
  /** The storage the photo was staged in: the environment's. */
  storage: ObjectStorage;
};

/**
 * Receives one multipart upload (`photo`, `script`, `environment`, in any
 * order). The photo streams to a temporary storage key while it is hashed
 * and inspected; the script is buffered (it is small) and checked as soon
 * as it arrives; the environment is checked as soon as it arrives, so a bad
 * upload is refused without waiting for the rest of the body.
 *
 * When the storage depends on the environment (one set of buckets per
 * environment), the photo goes to the environment's storage once that
 * environment is checked; a photo part sent before the environment field
 * is held in memory until then (at most the photo size limit), because the
 * parser hands over the later fields only once the photo is read. Nothing
 * is written for an upload to an environment that is refused.
 *
 * Whatever happens, call {@link discard} afterwards: it removes the
 * temporary photo unless the caller moved it.
 */
export class UploadReceiver {
  private readonly limits: UploadLimits;
  private readonly checkEnvironment: (name: string) => Promise<void>;
  private readonly storage: UploadStorage;
  private readonly photo: PhotoStaging;
  private readonly idleTimeoutMs: number;

  constructor(options: {
    /**
     * Where the photo is staged: one storage for every environment, or the
     * storage of the environment the upload names (asked for only after
     * `checkEnvironment` passed).
     */
    storage: ObjectStorage | ((environment: string) => Promise<ObjectStorage>);
    limits: UploadLimits;
    /** Throws the HTTP error for an unusable environment. */
    checkEnvironment: (name: string) => Promise<void>;
    /**
     * `videogen.uploads.idleTimeout`: an upload that sends no byte for this
     * long is ended with 408 and its staging file removed.
     */
    idleTimeoutMs?: number;
  }) {
    this.idleTimeoutMs =
      options.idleTimeoutMs ?? DEFAULT_UPLOAD_IDLE_TIMEOUT_MS;
    this.limits = options.limits;
    this.checkEnvironment = options.checkEnvironment;
    this.storage = new UploadStorage(options.storage);
    this.photo = new PhotoStaging(this.storage, options.limits);
  }

  /** Checks the environment, then learns its storage (unless shared). */
  private async acceptEnvironment(name: string): Promise<void> {
    await this.checkEnvironment(name);
    await this.storage.learn(name);
  }

  receive(req: IncomingMessage): Promise<ReceivedUpload> {
    return new Promise<ReceivedUpload>((resolve, reject) => {
      const { maxScriptCharacters } = this.limits;
      let parser: ReturnType<typeof uploadFormParser>;
      try {
        parser = uploadFormParser(req, maxScriptBytes(maxScriptCharacters));
      } catch (error) {
        reject(error);
        return;
      }

      let failed = false;
      let stopIdleWatch = () => {};
      let environment: string | undefined;
      let environmentChecked: Promise<void> | undefined;
      let script: ReceivedScript | Promise<ReceivedScript> | undefined;
      let scriptSeen = false;
      let photo: Promise<ReceivedPhoto> | undefined;
      let photoSeen = false;

      const fail = (error: unknown) => {
        if (failed) {
          return;
        }
        failed = true;
        stopIdleWatch();
        this.storage.refuse(error);
        req.unpipe(parser);
        // The parser no longer gets the body, so a photo part still on its
        // way would never end: stop its storage write, which removes the
        // partial object, instead of leaving it (and its file) open forever.
        this.photo.abort(
          new InputError('The upload was refused before the photo arrived.'),
        );
        abandonRequest(req, this.limits.maxPhotoBytes);
        reject(error);
      };

      // A stalled client would hold a staging file and a socket until
      // Node's request timeout (5 minutes): end it much sooner.
      stopIdleWatch = watchUploadIdle(req, this.idleTimeoutMs, error => {
        closeAfterAnswer(req);
        fail(error);
      });

      const duplicate = (name: string) =>
        fail(new InputError(`The form has more than one "${name}" field.`));

      parser.on('field', (name, value, info) => {
        if (failed) {
          return;
        }
        const bytes = Buffer.from(value, 'latin1');
        if (name === 'environment') {
          if (environment !== undefined) {
            duplicate(name);
            return;
          }
          environment = bytes.toString('utf8').trim();
          if (!environment) {
            fail(new InputError('The environment field is empty.'));
            return;
          }
          environmentChecked = this.acceptEnvironment(environment);
          environmentChecked.catch(fail);
        } else if (name === 'script') {
          if (scriptSeen) {
            duplicate(name);
            return;
          }
          scriptSeen = true;
          if (info.valueTruncated) {
            fail(scriptTooLong(maxScriptCharacters));
            return;
          }
          try {
            script = readScript(bytes, maxScriptCharacters);
          } catch (error) {
            fail(error);
          }
        } else if (name === 'photo') {
          fail(
            new InputError(
              'The photo must be sent as a file (a multipart file part), not as text.',
            ),
          );
        }
      });

      parser.on('file', (name, stream: Readable) => {
        if (failed) {
          stream.resume();
          return;
        }
        if (name === 'photo') {
          if (photoSeen) {
            stream.resume();
            duplicate(name);
            return;
          }
          photoSeen = true;
          photo = this.photo.receive(stream);
          photo.catch(fail);
        } else if (name === 'script') {
          if (scriptSeen) {
            stream.resume();
            duplicate(name);
            return;
          }
          scriptSeen = true;
          script = readScriptFile(stream, maxScriptCharacters);
          script.catch(fail);
        } else {
          // Unknown file parts are read and dropped.
          stream.resume();
        }
      });

      parser.on('filesLimit', () =>
        fail(
          new InputError(
            'The form has too many files; send one photo and one script.',
          ),
        ),
      );
      parser.on('fieldsLimit', () =>
        fail(new InputError('The form has too many fields.')),
      );
      parser.on('partsLimit', () =>
        fail(new InputError('The form has too many parts.')),
      );
      parser.on('error', error =>
        fail(
          new InputError(
            `The upload could not be read as a multipart form (${
              (error as Error).message
            }).`,
          ),
        ),
      );
      req.on('aborted', () =>
        fail(new InputError('The upload was interrupted.')),
      );

      parser.on('close', async () => {
        if (failed) {
          return;
        }
        const missing = UPLOAD_FIELDS.filter(
          name =>
            (name === 'photo' && !photo) ||
            (name === 'script' && !script) ||
            (name === 'environment' && environment === undefined),
        );
        if (missing.length > 0) {
          fail(missingFieldsError(missing));
          return;
        }
        try {
          // The photo may still be on its way to storage.
          const received = {
            environment: environment!,
            photo: await photo!,
            script: await script!,
            storage: await this.storage.settled,
          };
          await environmentChecked;
          if (!failed) {
            stopIdleWatch();
            resolve(received);
          }
        } catch (error) {
          fail(error);
        }
      });

      req.pipe(parser);
    });
  }

  /**
   * Removes the temporary photo (waiting for a write still in flight), unless
   * `keep` says the caller moved it.
   */
  async discard(): Promise<void> {
    await this.photo.discard();
  }
}
