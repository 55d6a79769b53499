import { InputError } from '@backstage/errors';
import { undecodable } from './photoProblems';

/**
 * A photo's pixel size as its header declares it, checked against the
 * pixel limit the moment it is known.
 */
export class PhotoDimensions {
  width = 0;
  height = 0;

  constructor(private readonly maxPixels: number) {}

  get known(): boolean {
    return this.width > 0;
  }

  /** Records the declared size; throws when it is impossible or too large. */
  set(width: number, height: number): void {
    if (width <= 0 || height <= 0) {
      throw undecodable(`it declares a size of ${width}×${height} pixels`);
    }
    this.width = width;
    this.height = height;
    const pixels = width * height;
    if (pixels > this.maxPixels) {
      throw new InputError(
        `The photo is ${width}×${height} pixels (${(pixels / 1e6).toFixed(
          1,
        )} megapixels); the limit is ${(this.maxPixels / 1e6).toFixed(
          1,
        )} megapixels. Scale it down and retry.`,
      );
    }
  }
}

/**
 * Reads one format's header as it streams past, recording the size on a
 * {@link PhotoDimensions}, and throws on a malformed header.
 */
export interface PhotoHeaderParser {
  /** The next bytes of the file, from where the format's parsing starts. */
  push(chunk: Buffer): void;
  /** The file has ended: throws when it ended before the format's end. */
  finish(): void;
}
