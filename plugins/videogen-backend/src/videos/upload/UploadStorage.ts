import { ObjectStorage } from '../../storage';

/**
 * The storage an upload is staged in: known at once when every environment
 * shares one, otherwise once the upload's environment has been accepted.
 * A refused upload never learns it.
 */
export class UploadStorage {
  /** Settles with the storage once known; rejects if the upload is refused. */
  readonly settled: Promise<ObjectStorage>;
  /** The storage once known (at once for a shared one). */
  current?: ObjectStorage;
  refused = false;
  private readonly storageOf: (environment: string) => Promise<ObjectStorage>;
  private settle!: {
    resolve: (storage: ObjectStorage) => void;
    reject: (error: unknown) => void;
  };

  constructor(
    storage: ObjectStorage | ((environment: string) => Promise<ObjectStorage>),
  ) {
    this.settled = new Promise<ObjectStorage>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    // Nobody may be waiting when a refused upload rejects it.
    this.settled.catch(() => undefined);
    if (typeof storage === 'function') {
      this.storageOf = storage;
    } else {
      this.storageOf = async () => storage;
      this.current = storage;
      this.settle.resolve(storage);
    }
  }

  /** Learns the storage of an accepted environment (unless shared). */
  async learn(environment: string): Promise<void> {
    if (this.current) {
      return;
    }
    const storage = await this.storageOf(environment);
    this.current = storage;
    this.settle.resolve(storage);
  }

  refuse(error: unknown): void {
    this.refused = true;
    this.settle.reject(error);
  }
}
