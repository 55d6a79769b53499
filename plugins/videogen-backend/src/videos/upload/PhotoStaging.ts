import { InputError } from '@backstage/errors';
import { UploadLimits } from '@videogen/plugin-videogen-common';
import { PassThrough, Readable } from 'node:stream';
import { ObjectStorage, storageKeys } from '../../storage';
import { PhotoIngest } from './PhotoIngest';
import { PhotoFacts } from './PhotoInspector';
import { UploadStorage } from './UploadStorage';

/** A photo streamed to a temporary key, with what was learnt on the way. */
export type ReceivedPhoto = PhotoFacts & {
  temporaryKey: string;
  sha256: string;
  sizeBytes: number;
};

/**
 * Streams an upload's photo part to a temporary storage key while it is
 * hashed and inspected. When the storage is not known yet (it depends on
 * an environment field still to come) the photo is held in memory, up to
 * the photo size limit, until it is.
 */
export class PhotoStaging {
  private temporaryKey?: string;
  private temporaryStorage?: ObjectStorage;
  private stored?: Promise<unknown>;
  private ingest?: PhotoIngest;

  constructor(
    private readonly uploadStorage: UploadStorage,
    private readonly limits: UploadLimits,
  ) {}

  async receive(stream: Readable): Promise<ReceivedPhoto> {
    const temporaryKey = storageKeys.temporaryUpload();
    const ingest = new PhotoIngest(this.limits);
    this.ingest = ingest;
    // The failure is kept on `ingest` and surfaces through the storage
    // write; the storage adapter may attach its own listener only later.
    ingest.on('error', () => undefined);
    stream.on('error', error => ingest.destroy(error));
    stream.pipe(ingest);
    let body: Readable = ingest;
    let storage = this.uploadStorage.current;
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
      const waiting = Promise.race([this.uploadStorage.settled, ingestFailed]);
      this.stored = waiting.catch(() => undefined);
      try {
        storage = await waiting;
      } catch (error) {
        throw ingest.failure ?? error;
      }
      if (this.uploadStorage.refused || ingest.failure || held.destroyed) {
        throw (
          ingest.failure ??
          new InputError('The upload was refused before the photo was stored.')
        );
      }
    }
    this.temporaryKey = temporaryKey;
    this.temporaryStorage = storage;
    const stored = storage.put(temporaryKey, body);
    this.stored = stored.catch(() => undefined);
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
   * Stops a photo still on its way (its storage write removes the partial
   * object) when the upload is refused.
   */
  abort(error: Error): void {
    this.ingest?.destroy(error);
  }

  /** Removes the temporary photo, waiting for a write still in flight. */
  async discard(): Promise<void> {
    if (!this.temporaryKey) {
      return;
    }
    await this.stored;
    await this.temporaryStorage!.delete(this.temporaryKey);
  }
}
