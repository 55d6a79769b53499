import { PhotoDimensions, PhotoHeaderParser } from './photoDimensions';
import { truncated, undecodable } from './photoProblems';

/**
 * PNG: walks the chunks after the magic, reading the size from IHDR (which
 * must come first) and stopping at IEND; chunk data is skipped unread.
 */
export class PngHeaderParser implements PhotoHeaderParser {
  private pending = Buffer.alloc(0);
  private remaining = 0;
  private seenIhdr = false;
  private done = false;

  constructor(private readonly size: PhotoDimensions) {}

  push(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length && !this.done) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - i);
        i += take;
        this.remaining -= take;
        continue;
      }
      // A chunk header: length (4), type (4) — and for IHDR its first 8
      // data bytes (width, height).
      const wanted = this.seenIhdr ? 8 : 16;
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
      if (!this.seenIhdr) {
        if (type !== 'IHDR' || length !== 13) {
          throw undecodable('the PNG header chunk (IHDR) is missing');
        }
        this.seenIhdr = true;
        this.size.set(header.readUInt32BE(8), header.readUInt32BE(12));
        // The rest of IHDR (5 bytes) and its CRC (4).
        this.remaining = length - 8 + 4;
        continue;
      }
      if (type === 'IEND') {
        this.done = true;
        return;
      }
      this.remaining = length + 4;
    }
  }

  finish(): void {
    if (!this.seenIhdr) {
      throw truncated('header (IHDR)');
    }
    if (!this.done) {
      throw truncated('end chunk (IEND)');
    }
  }
}
