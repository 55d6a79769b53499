import { InputError } from '@backstage/errors';
import { UploadLimits } from '@videogen/plugin-videogen-common';
import busboy from 'busboy';
import { IncomingMessage } from 'node:http';
import { PassThrough, Readable } from 'node:stream';
import { ObjectStorage, storageKeys } from '../../storage';
import { PhotoIngest } from './PhotoIngest';
import { PhotoFacts } from './PhotoInspector';
import { ReceivedScript, readScript } from './readScript';

export type { ReceivedScript } from './readScript';

/** A photo streamed to a temporary key, with what was learnt on the way. */
export type ReceivedPhoto = PhotoFacts & {
  temporaryKey: string;
  sha256: string;
  sizeBytes: number;
};

export type ReceivedUpload = {
  environment: string;
  photo: ReceivedPhoto;
  script: ReceivedScript;
  /** The storage the photo was staged in: the environment's. */
  storage: ObjectStorage;
};

const FIELD_NAMES = ['photo', 'script', 'environment'];

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
  private readonly storageOf: (environment: string) => Promise<ObjectStorage>;
  private readonly limits: UploadLimits;
  private readonly checkEnvironment: (name: string) => Promise<void>;
  /** Settles with the storage of the upload, once it is known. */
  private readonly uploadStorage: Promise<ObjectStorage>;
  private settleStorage!: {
    resolve: (storage: ObjectStorage) => void;
    reject: (error: unknown) => void;
  };
  /** The storage of the upload once known (at once for a shared one). */
  private storage?: ObjectStorage;
  private refused = false;
  private temporaryKey?: string;
  private temporaryStorage?: ObjectStorage;
  private photoStored?: Promise<unknown>;
  private photoIngest?: PhotoIngest;

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
  }) {
    const { storage } = options;
    this.limits = options.limits;
    this.checkEnvironment = options.checkEnvironment;
    this.uploadStorage = new Promise<ObjectStorage>((resolve, reject) => {
      this.settleStorage = { resolve, reject };
    });
    // Nobody may be waiting when a refused upload rejects it.
    this.uploadStorage.catch(() => undefined);
    if (typeof storage === 'function') {
      this.storageOf = storage;
    } else {
      this.storageOf = async () => storage;
      this.storage = storage;
      this.settleStorage.resolve(storage);
    }
  }

  /** Checks the environment, then learns its storage (unless shared). */
  private async acceptEnvironment(name: string): Promise<void> {
    await this.checkEnvironment(name);
    if (this.storage) {
      return;
    }
    const storage = await this.storageOf(name);
    this.storage = storage;
    this.settleStorage.resolve(storage);
  }

  /** Bytes a script may have before decoding (4 per character, plus slack). */
  private get maxScriptBytes(): number {
    return this.limits.maxScriptCharacters * 4 + 4096;
  }

  receive(req: IncomingMessage): Promise<ReceivedUpload> {
    return new Promise<ReceivedUpload>((resolve, reject) => {
      let parser: busboy.Busboy;
      try {
        parser = busboy({
          headers: req.headers,
          // Text fields arrive as raw bytes (latin1 maps bytes 1:1) so that
          // the script's UTF-8 can be checked strictly, not silently repaired.
          defCharset: 'latin1',
          limits: {
            fields: 10,
            files: 3,
            parts: 16,
            fieldSize: this.maxScriptBytes,
            headerPairs: 100,
          },
        });
      } catch {
        reject(
          new InputError(
            'Send the upload as multipart/form-data with the fields photo, script and environment.',
          ),
        );
        return;
      }

      let failed = false;
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
        this.refused = true;
        this.settleStorage.reject(error);
        req.unpipe(parser);
        // The parser no longer gets the body, so a photo part still on its
        // way would never end: stop its storage write, which removes the
        // partial object, instead of leaving it (and its file) open forever.
        this.photoIngest?.destroy(
          new InputError('The upload was refused before the photo arrived.'),
        );
        abandonRequest(req, this.limits.maxPhotoBytes);
        reject(error);
      };

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
            fail(this.scriptTooLong());
            return;
          }
          try {
            script = readScript(bytes, this.limits.maxScriptCharacters);
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
          photo = this.receivePhoto(stream);
          photo.catch(fail);
        } else if (name === 'script') {
          if (scriptSeen) {
            stream.resume();
            duplicate(name);
            return;
          }
          scriptSeen = true;
          script = this.receiveScriptFile(stream);
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
        const missing = FIELD_NAMES.filter(
          name =>
            (name === 'photo' && !photo) ||
            (name === 'script' && !script) ||
            (name === 'environment' && environment === undefined),
        );
        if (missing.length > 0) {
          fail(
            new InputError(
              `The upload is missing the ${missing.join(' and ')} field${
                missing.length > 1 ? 's' : ''
              }. Send a photo, a script and the environment's name.`,
            ),
          );
          return;
        }
        try {
          // The photo may still be on its way to storage.
          const received = {
            environment: environment!,
            photo: await photo!,
            script: await script!,
            storage: await this.uploadStorage,
          };
          await environmentChecked;
          if (!failed) {
            resolve(received);
          }
        } catch (error) {
          fail(error);
        }
      });

      req.pipe(parser);
    });
  }

  private scriptTooLong(): InputError {
    return new InputError(
      `The script is longer than ${this.limits.maxScriptCharacters} characters, the limit. Shorten it and try again.`,
    );
  }

  private async receiveScriptFile(stream: Readable): Promise<ReceivedScript> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream) {
      size += chunk.length;
      if (size > this.maxScriptBytes) {
        stream.resume();
        throw this.scriptTooLong();
      }
      chunks.push(chunk);
    }
    return readScript(Buffer.concat(chunks), this.limits.maxScriptCharacters);
  }

  private async receivePhoto(stream: Readable): Promise<ReceivedPhoto> {
    const temporaryKey = storageKeys.temporaryUpload();
    const ingest = new PhotoIngest(this.limits);
    this.photoIngest = ingest;
    // The failure is kept on `ingest` and surfaces through the storage
    // write; the storage adapter may attach its own listener only later.
    ingest.on('error', () => undefined);
    stream.on('error', error => ingest.destroy(error));
    stream.pipe(ingest);
    let body: Readable = ingest;
    let storage = this.storage;
    if (!storage) {
      const held = new PassThrough({
        highWaterMark: this.limits.maxPhotoBytes + 64 * 1024,
      });
      held.on('error', () => undefined);
      ingest.on('error', error => held.destroy(error));
      ingest.pipe(held);
      body = held;
      // A photo refused while it waits (too large, not a photo) is an
      // answer at once: the parser, stalled on it, would never get to the
      // environment field.
      const ingestFailed = new Promise<never>((_resolve, reject) =>
        ingest.once('error', reject),
      );
      ingestFailed.catch(() => undefined);
      const waiting = Promise.race([this.uploadStorage, ingestFailed]);
      this.photoStored = waiting.catch(() => undefined);
      try {
        storage = await waiting;
      } catch (error) {
        throw ingest.failure ?? error;
      }
      if (this.refused || ingest.failure || held.destroyed) {
        throw (
          ingest.failure ??
          new InputError('The upload was refused before the photo was stored.')
        );
      }
    }
    this.temporaryKey = temporaryKey;
    this.temporaryStorage = storage;
    const stored = storage.put(temporaryKey, body);
    this.photoStored = stored.catch(() => undefined);
    try {
      await stored;
    } catch (error) {
      throw ingest.failure ?? error;
    }
    if (ingest.failure || !ingest.facts) {
      throw ingest.failure ?? new InputError('The photo could not be read.');
    }
    return {
      ...ingest.facts,
      temporaryKey,
      sha256: ingest.hash.digest('hex'),
      sizeBytes: ingest.sizeBytes,
    };
  }

  /**
   * Removes the temporary photo (waiting for a write still in flight), unless
   * `keep` says the caller moved it.
   */
  async discard(): Promise<void> {
    if (!this.temporaryKey) {
      return;
    }
    await this.photoStored;
    await this.temporaryStorage!.delete(this.temporaryKey);
  }
}

/**
 * Stops parsing a request whose upload was refused: the rest of the body is
 * read and dropped (so the client, still sending, gets the answer), up to a
 * cap beyond which the connection is closed.
 */
function abandonRequest(req: IncomingMessage, capBytes: number): void {
  let dropped = 0;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > capBytes) {
      req.socket.destroy();
    }
  });
  req.resume();
}
