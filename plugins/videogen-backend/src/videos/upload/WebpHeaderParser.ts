import { PhotoDimensions, PhotoHeaderParser } from './photoDimensions';
import { truncated, undecodable } from './photoProblems';

/** The RIFF header (12) and the first chunk's header (8) and frame header. */
const HEADER_BYTES = 30;

/**
 * WebP: the RIFF header (its announced size) and the first chunk's frame
 * header (VP8, VP8L or VP8X), which holds the size. The file must be as
 * long as its RIFF header announces.
 */
export class WebpHeaderParser implements PhotoHeaderParser {
  private pending = Buffer.alloc(0);
  private riffSize = 0;
  /** Bytes seen, from the very start of the file. */
  private total = 0;

  constructor(private readonly size: PhotoDimensions) {}

  push(chunk: Buffer): void {
    this.total += chunk.length;
    if (this.size.known) {
      return;
    }
    this.pending = Buffer.concat([this.pending, chunk]);
    if (this.pending.length < HEADER_BYTES) {
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
      this.size.set(
        header.readUInt16LE(data + 6) & 0x3fff,
        header.readUInt16LE(data + 8) & 0x3fff,
      );
    } else if (fourcc === 'VP8L') {
      if (header[data] !== 0x2f) {
        throw undecodable('its VP8L header has no signature');
      }
      const bits = header.readUInt32LE(data + 1);
      this.size.set((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
    } else if (fourcc === 'VP8X') {
      this.size.set(
        header.readUIntLE(data + 4, 3) + 1,
        header.readUIntLE(data + 7, 3) + 1,
      );
    } else {
      throw undecodable(`its first WebP chunk is "${fourcc.trim()}"`);
    }
  }

  finish(): void {
    if (!this.size.known) {
      throw truncated('frame header');
    }
    if (this.total < this.riffSize + 8) {
      throw truncated(`last byte (${this.riffSize + 8} bytes announced)`);
    }
  }
}
