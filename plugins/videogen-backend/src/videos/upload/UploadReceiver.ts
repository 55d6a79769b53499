import { InputError } from '@backstage/errors';
import {
  checkScript,
  normalizeScript,
  UploadLimits,
} from '@videogen/plugin-videogen-common';
import busboy from 'busboy';
import { createHash } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { ObjectStorage, storageKeys } from '../../storage';
import { PayloadTooLargeError } from '../errors';
import { PhotoFacts, PhotoInspector } from './PhotoInspector';

/** A photo streamed to a temporary key, with what was learnt on the way. */
export type ReceivedPhoto = PhotoFacts & {
  temporaryKey: string;
  sha256: string;
  sizeBytes: number;
};

/** A script, decoded, normalised and checked. */
export type ReceivedScript = {
  /** The normalised text (what is stored and hashed). */
  text: string;
  sha256: string;
};

export type ReceivedUpload = {
  environment: string;
  photo: ReceivedPhoto;
  script: ReceivedScript;
};

const FIELD_NAMES = ['photo', 'script', 'environment'];

function formatMegabytes(bytes: number): string {
  if (bytes < 1024 * 1024) {
    return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  }
  const mb = bytes / (1024 * 1024);
  return `${
    Number.isInteger(mb) || mb >= 10 ? Math.round(mb) : mb.toFixed(1)
  } MB`;
}

/**
 * Decodes, normalises and checks a script; the hash is over the UTF-8 bytes
 * of the normalised text.
 */
export function readScript(
  bytes: Buffer,
  maxCharacters: number,
): ReceivedScript {
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(
      'The script is not valid UTF-8 text. Save it as UTF-8 (Unicode) and try again.',
    );
  }
  const text = normalizeScript(decoded);
  const problem = checkScript(text, maxCharacters);
  if (problem) {
    throw new InputError(problem);
  }
  return {
    text,
    sha256: createHash('sha256')
      .update(Buffer.from(text, 'utf8'))
      .digest('hex'),
  };
}

/**
 * Hashes, measures and inspects the photo as it streams to storage, and
 * fails the stream the moment it crosses the size limit or shows it is not
 * an acceptable photo.
 */
class PhotoIngest extends Transform {
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
      this.fail(
        new PayloadTooLargeError(
          `The photo is larger than ${formatMegabytes(
            this.limits.maxPhotoBytes,
          )}, the upload limit. Choose a smaller photo or scale it down.`,
        ),
        callback,
      );
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

/**
 * Receives one multipart upload (`photo`, `script`, `environment`, in any
 * order). The photo streams to a temporary storage key while it is hashed
 * and inspected; the script is buffered (it is small) and checked as soon
 * as it arrives; the environment is checked as soon as it arrives, so a bad
 * upload is refused without waiting for the rest of the body.
 *
 * Whatever happens, call {@link discard} afterwards: it removes the
 * temporary photo unless the caller moved it.
 */
export class UploadReceiver {
  private readonly storage: ObjectStorage;
  private readonly limits: UploadLimits;
  private readonly checkEnvironment: (name: string) => Promise<void>;
  private temporaryKey?: string;
  private photoStored?: Promise<unknown>;
  private photoIngest?: PhotoIngest;

  constructor(options: {
    storage: ObjectStorage;
    limits: UploadLimits;
    /** Throws the HTTP error for an unusable environment. */
    checkEnvironment: (name: string) => Promise<void>;
  }) {
    this.storage = options.storage;
    this.limits = options.limits;
    this.checkEnvironment = options.checkEnvironment;
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
          environmentChecked = this.checkEnvironment(environment);
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
    this.temporaryKey = temporaryKey;
    const ingest = new PhotoIngest(this.limits);
    this.photoIngest = ingest;
    // The failure is kept on `ingest` and surfaces through the storage
    // write; the storage adapter may attach its own listener only later.
    ingest.on('error', () => undefined);
    stream.on('error', error => ingest.destroy(error));
    stream.pipe(ingest);
    const stored = this.storage.put(temporaryKey, ingest);
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
    await this.storage.delete(this.temporaryKey);
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
