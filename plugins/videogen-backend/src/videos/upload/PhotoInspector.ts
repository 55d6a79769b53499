import { InputError } from '@backstage/errors';
import { AcceptedPhotoType } from '@videogen/plugin-videogen-common';
import { UnsupportedMediaTypeError } from '../errors';

/** What the inspector learnt from a complete, well-formed photo. */
export type PhotoFacts = {
  type: AcceptedPhotoType;
  width: number;
  height: number;
};

const ACCEPTED =
  'Upload a JPEG, PNG or WebP photo (SVG, GIF, HEIC and other formats are not accepted).';

function describeUnknown(head: Buffer): string {
  const text = head.toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '');
  if (/^\s*</.test(text)) {
    return 'The photo looks like SVG or another text format, not a photo.';
  }
  if (text.startsWith('GIF8')) {
    return 'The photo is a GIF.';
  }
  if (text.slice(4, 8) === 'ftyp') {
    return 'The photo is a HEIC/AVIF (or other ISO media) file.';
  }
  if (text.startsWith('%PDF')) {
    return 'The file is a PDF, not a photo.';
  }
  return 'The photo is not a JPEG, PNG or WebP image.';
}

function truncated(what: string): InputError {
  return new InputError(
    `The photo ends before its ${what}; the file looks truncated or damaged. Export it again and retry.`,
  );
}

function undecodable(detail: string): InputError {
  return new InputError(
    `The photo cannot be read (${detail}); the file looks damaged. Export it again and retry.`,
  );
}

/**
 * Reads a photo's type and pixel size from its header while it streams past,
 * without decoding the image and without holding more than a few bytes:
 * JPEG markers up to SOF and on to EOI, PNG chunks from IHDR to IEND, WebP's
 * RIFF header and VP8/VP8L/VP8X frame header.
 *
 * Throws {@link UnsupportedMediaTypeError} as soon as the first bytes show
 * the file is not JPEG, PNG or WebP, an InputError as soon as the header
 * shows more pixels than allowed or is malformed, and from {@link finish}
 * when the file ends before its end marker.
 */
export class PhotoInspector {
  private readonly maxPixels: number;
  private head = Buffer.alloc(0);
  private type?: AcceptedPhotoType;
  private width = 0;
  private height = 0;
  private total = 0;

  // JPEG: a small state machine over markers and entropy-coded data.
  private jpegState:
    | 'marker'
    | 'markerType'
    | 'length'
    | 'segment'
    | 'entropy'
    | 'entropyFF'
    | 'done' = 'marker';
  private pending = Buffer.alloc(0);
  private segmentMarker = 0;
  private segmentRemaining = 0;
  private segmentHead = Buffer.alloc(0);
  private seenScan = false;

  // PNG: chunk walking.
  private pngRemaining = 0;
  private pngSeenIhdr = false;
  private pngDone = false;

  // WebP: RIFF size.
  private riffSize = 0;

  constructor(options: { maxPixels: number }) {
    this.maxPixels = options.maxPixels;
  }

  /** Feeds the next bytes of the photo. */
  push(chunk: Buffer): void {
    this.total += chunk.length;
    if (!this.type) {
      this.head = Buffer.concat([this.head, chunk]);
      if (this.head.length < 12) {
        return;
      }
      this.type = this.detect(this.head);
      // JPEG and PNG parsing starts after the signature the detector has
      // checked (SOI, the PNG magic); WebP parsing reads the RIFF header.
      const skip = { 'image/jpeg': 2, 'image/png': 8, 'image/webp': 0 }[
        this.type
      ];
      const start = this.head.subarray(skip);
      this.head = Buffer.alloc(0);
      this.dispatch(start);
      return;
    }
    this.dispatch(chunk);
  }

  /** Call when the photo has ended; returns its facts or throws. */
  finish(): PhotoFacts {
    if (this.total === 0) {
      throw new InputError('The photo is empty. Choose a photo file.');
    }
    if (!this.type) {
      if (this.head.length > 0 && this.looksLikeKnownStart(this.head)) {
        throw truncated('header');
      }
      throw new UnsupportedMediaTypeError(
        `${describeUnknown(this.head)} ${ACCEPTED}`,
      );
    }
    switch (this.type) {
      case 'image/jpeg':
        if (!this.width) {
          throw truncated('size header (SOF)');
        }
        if (this.jpegState !== 'done') {
          throw truncated('end-of-image marker');
        }
        break;
      case 'image/png':
        if (!this.pngSeenIhdr) {
          throw truncated('header (IHDR)');
        }
        if (!this.pngDone) {
          throw truncated('end chunk (IEND)');
        }
        break;
      case 'image/webp':
        if (!this.width) {
          throw truncated('frame header');
        }
        if (this.total < this.riffSize + 8) {
          throw truncated(`last byte (${this.riffSize + 8} bytes announced)`);
        }
        break;
      default:
        break;
    }
    return { type: this.type, width: this.width, height: this.height };
  }

  private looksLikeKnownStart(head: Buffer): boolean {
    const candidates = [
      Buffer.from([0xff, 0xd8, 0xff]),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from('RIFF', 'latin1'),
    ];
    return candidates.some(
      magic =>
        head.length >= 2 &&
        magic
          .subarray(0, Math.min(magic.length, head.length))
          .equals(head.subarray(0, Math.min(magic.length, head.length))),
    );
  }

  private detect(head: Buffer): AcceptedPhotoType {
    if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) {
      return 'image/jpeg';
    }
    if (
      head
        .subarray(0, 8)
        .equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    ) {
      return 'image/png';
    }
    if (
      head.toString('latin1', 0, 4) === 'RIFF' &&
      head.toString('latin1', 8, 12) === 'WEBP'
    ) {
      return 'image/webp';
    }
    throw new UnsupportedMediaTypeError(`${describeUnknown(head)} ${ACCEPTED}`);
  }

  private dispatch(chunk: Buffer): void {
    switch (this.type) {
      case 'image/jpeg':
        this.pushJpeg(chunk);
        break;
      case 'image/png':
        this.pushPng(chunk);
        break;
      case 'image/webp':
        this.pushWebp(chunk);
        break;
      default:
        break;
    }
  }

  private setSize(width: number, height: number): void {
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

  // ------------------------------------------------------------------ JPEG

  private pushJpeg(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length) {
      switch (this.jpegState) {
        case 'done':
          // Bytes after EOI (padding, appended data) are ignored.
          return;
        case 'marker': {
          if (chunk[i] !== 0xff) {
            throw undecodable(
              `expected a JPEG marker, found byte 0x${chunk[i]
                .toString(16)
                .padStart(2, '0')}`,
            );
          }
          i++;
          this.jpegState = 'markerType';
          break;
        }
        case 'markerType': {
          const marker = chunk[i++];
          if (marker === 0xff) {
            // Fill byte; the marker type follows.
            break;
          }
          this.onJpegMarker(marker);
          break;
        }
        case 'length': {
          const need = 2 - this.pending.length;
          const take = chunk.subarray(i, i + need);
          this.pending = Buffer.concat([this.pending, take]);
          i += take.length;
          if (this.pending.length === 2) {
            const length = this.pending.readUInt16BE(0);
            this.pending = Buffer.alloc(0);
            if (length < 2) {
              throw undecodable('a JPEG segment has an impossible length');
            }
            this.segmentRemaining = length - 2;
            this.segmentHead = Buffer.alloc(0);
            this.jpegState = 'segment';
            if (this.segmentRemaining === 0) {
              this.endJpegSegment();
            }
          }
          break;
        }
        case 'segment': {
          const take = Math.min(this.segmentRemaining, chunk.length - i);
          if (this.isSof(this.segmentMarker) && this.segmentHead.length < 5) {
            this.segmentHead = Buffer.concat([
              this.segmentHead,
              chunk.subarray(
                i,
                i + Math.min(take, 5 - this.segmentHead.length),
              ),
            ]);
          }
          i += take;
          this.segmentRemaining -= take;
          if (this.segmentRemaining === 0) {
            this.endJpegSegment();
          }
          break;
        }
        case 'entropy': {
          const ff = chunk.indexOf(0xff, i);
          if (ff === -1) {
            return;
          }
          i = ff + 1;
          this.jpegState = 'entropyFF';
          break;
        }
        case 'entropyFF': {
          const next = chunk[i++];
          if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
            // Stuffed 0xFF or a restart marker: still entropy-coded data.
            this.jpegState = 'entropy';
          } else if (next === 0xff) {
            // Fill byte before a marker.
            this.jpegState = 'entropyFF';
          } else {
            this.onJpegMarker(next);
          }
          break;
        }
        default:
          return;
      }
    }
  }

  private isSof(marker: number): boolean {
    return (
      marker >= 0xc0 &&
      marker <= 0xcf &&
      marker !== 0xc4 &&
      marker !== 0xc8 &&
      marker !== 0xcc
    );
  }

  private onJpegMarker(marker: number): void {
    if (marker === 0xd9) {
      if (!this.seenScan) {
        throw undecodable('it ends before any image data');
      }
      this.jpegState = 'done';
      return;
    }
    if (
      marker === 0xd8 ||
      marker === 0x01 ||
      (marker >= 0xd0 && marker <= 0xd7)
    ) {
      // Markers without a length.
      this.jpegState = 'marker';
      return;
    }
    this.segmentMarker = marker;
    this.jpegState = 'length';
  }

  private endJpegSegment(): void {
    const marker = this.segmentMarker;
    if (this.isSof(marker)) {
      if (this.segmentHead.length < 5) {
        throw undecodable('its size header (SOF) is too short');
      }
      // Only the first frame header counts (a hierarchical file has more).
      if (!this.width) {
        this.setSize(
          this.segmentHead.readUInt16BE(3),
          this.segmentHead.readUInt16BE(1),
        );
      }
    }
    if (marker === 0xda) {
      if (!this.width) {
        throw undecodable('its image data starts before its size header');
      }
      this.seenScan = true;
      this.jpegState = 'entropy';
      return;
    }
    this.jpegState = 'marker';
  }

  // ------------------------------------------------------------------ PNG

  private pushPng(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length && !this.pngDone) {
      if (this.pngRemaining > 0) {
        const take = Math.min(this.pngRemaining, chunk.length - i);
        i += take;
        this.pngRemaining -= take;
        continue;
      }
      // A chunk header: length (4), type (4) — and for IHDR its first 8
      // data bytes (width, height).
      const wanted = this.pngSeenIhdr ? 8 : 16;
      const take = chunk.subarray(i, i + (wanted - this.pending.length));
      this.pending = Buffer.concat([this.pending, take]);
      i += take.length;
      if (this.pending.length < wanted) {
        return;
      }
      const header = this.pending;
      this.pending = Buffer.alloc(0);
      const length = header.readUInt32BE(0);
      const type = header.toString('latin1', 4, 8);
      if (length > 0x7fffffff || !/^[A-Za-z]{4}$/.test(type)) {
        throw undecodable('a PNG chunk header is malformed');
      }
      if (!this.pngSeenIhdr) {
        if (type !== 'IHDR' || length !== 13) {
          throw undecodable('the PNG header chunk (IHDR) is missing');
        }
        this.pngSeenIhdr = true;
        this.setSize(header.readUInt32BE(8), header.readUInt32BE(12));
        // The rest of IHDR (5 bytes) and its CRC (4).
        this.pngRemaining = length - 8 + 4;
        continue;
      }
      if (type === 'IEND') {
        this.pngDone = true;
        return;
      }
      this.pngRemaining = length + 4;
    }
  }

  // ------------------------------------------------------------------ WebP

  private pushWebp(chunk: Buffer): void {
    if (this.width) {
      return;
    }
    this.pending = Buffer.concat([this.pending, chunk]);
    if (this.pending.length < 30) {
      return;
    }
    const header = this.pending;
    this.pending = Buffer.alloc(0);
    this.riffSize = header.readUInt32LE(4);
    if (this.riffSize < 4 + 8 + 10) {
      throw undecodable('its RIFF header announces an impossible size');
    }
    const fourcc = header.toString('latin1', 12, 16);
    const data = 20;
    if (fourcc === 'VP8 ') {
      if (
        header[data + 3] !== 0x9d ||
        header[data + 4] !== 0x01 ||
        header[data + 5] !== 0x2a
      ) {
        throw undecodable('its VP8 frame header has no start code');
      }
      this.setSize(
        header.readUInt16LE(data + 6) & 0x3fff,
        header.readUInt16LE(data + 8) & 0x3fff,
      );
    } else if (fourcc === 'VP8L') {
      if (header[data] !== 0x2f) {
        throw undecodable('its VP8L header has no signature');
      }
      const bits = header.readUInt32LE(data + 1);
      this.setSize((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
    } else if (fourcc === 'VP8X') {
      this.setSize(
        header.readUIntLE(data + 4, 3) + 1,
        header.readUIntLE(data + 7, 3) + 1,
      );
    } else {
      throw undecodable(`its first WebP chunk is "${fourcc.trim()}"`);
    }
  }
}
