import { InputError } from '@backstage/errors';
import { AcceptedPhotoType } from '@videogen/plugin-videogen-common';
import { UnsupportedMediaTypeError } from '../errors';
import { JpegHeaderParser } from './JpegHeaderParser';
import { PhotoDimensions, PhotoHeaderParser } from './photoDimensions';
import { ACCEPTED_PHOTOS, describeUnknown, truncated } from './photoProblems';
import {
  detectPhotoType,
  looksLikeKnownStart,
  PARSE_FROM,
  SIGNATURE_BYTES,
} from './photoSignature';
import { PngHeaderParser } from './PngHeaderParser';
import { WebpHeaderParser } from './WebpHeaderParser';

/** What the inspector learnt from a complete, well-formed photo. */
export type PhotoFacts = {
  type: AcceptedPhotoType;
  width: number;
  height: number;
};

const PARSERS: Record<
  AcceptedPhotoType,
  new (size: PhotoDimensions) => PhotoHeaderParser
> = {
  'image/jpeg': JpegHeaderParser,
  'image/png': PngHeaderParser,
  'image/webp': WebpHeaderParser,
};

/**
 * Reads a photo's type and pixel size from its header while it streams past,
 * without decoding the image and without holding more than a few bytes:
 * JPEG markers up to SOF and on to EOI, PNG chunks from IHDR to IEND, WebP's
 * RIFF header and VP8/VP8L/VP8X frame header (one parser per format, beside
 * this file).
 *
 * Throws {@link UnsupportedMediaTypeError} as soon as the first bytes show
 * the file is not JPEG, PNG or WebP, an InputError as soon as the header
 * shows more pixels than allowed or is malformed, and from {@link finish}
 * when the file ends before its end marker.
 */
export class PhotoInspector {
  private readonly size: PhotoDimensions;
  private head = Buffer.alloc(0);
  private type?: AcceptedPhotoType;
  private parser?: PhotoHeaderParser;
  private total = 0;

  constructor(options: { maxPixels: number }) {
    this.size = new PhotoDimensions(options.maxPixels);
  }

  /** Feeds the next bytes of the photo. */
  push(chunk: Buffer): void {
    this.total += chunk.length;
    if (this.parser) {
      this.parser.push(chunk);
      return;
    }
    this.head = Buffer.concat([this.head, chunk]);
    if (this.head.length < SIGNATURE_BYTES) {
      return;
    }
    const type = detectPhotoType(this.head);
    this.type = type;
    const start = this.head.subarray(PARSE_FROM[type]);
    this.head = Buffer.alloc(0);
    this.parser = new PARSERS[type](this.size);
    this.parser.push(start);
  }

  /**
   * Type and pixel size as soon as the header has shown them (the rest of
   * the file unchecked), else undefined.
   */
  get header(): PhotoFacts | undefined {
    return this.type && this.size.known
      ? { type: this.type, width: this.size.width, height: this.size.height }
      : undefined;
  }

  /** Call when the photo has ended; returns its facts or throws. */
  finish(): PhotoFacts {
    if (this.total === 0) {
      throw new InputError('The photo is empty. Choose a photo file.');
    }
    if (!this.type || !this.parser) {
      if (this.head.length > 0 && looksLikeKnownStart(this.head)) {
        throw truncated('header');
      }
      throw new UnsupportedMediaTypeError(
        `${describeUnknown(this.head)} ${ACCEPTED_PHOTOS}`,
      );
    }
    this.parser.finish();
    return {
      type: this.type,
      width: this.size.width,
      height: this.size.height,
    };
  }
}
