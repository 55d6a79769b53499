import { PhotoDimensions, PhotoHeaderParser } from './photoDimensions';
import { truncated, undecodable } from './photoProblems';

type JpegState =
  | 'marker'
  | 'markerType'
  | 'length'
  | 'segment'
  | 'entropy'
  | 'entropyFF'
  | 'done';

/** Start-of-frame markers (they hold the size), not DHT, JPG or DAC. */
export function isSofMarker(marker: number): boolean {
  return (
    marker >= 0xc0 &&
    marker <= 0xcf &&
    marker !== 0xc4 &&
    marker !== 0xc8 &&
    marker !== 0xcc
  );
}

/**
 * JPEG: a small state machine over markers and entropy-coded data, from
 * after SOI up to the first frame header (SOF, the size) and on to EOI.
 */
export class JpegHeaderParser implements PhotoHeaderParser {
  private state: JpegState = 'marker';
  private pending = Buffer.alloc(0);
  private segmentMarker = 0;
  private segmentRemaining = 0;
  private segmentHead = Buffer.alloc(0);
  private seenScan = false;

  constructor(private readonly size: PhotoDimensions) {}

  push(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length) {
      switch (this.state) {
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
          this.state = 'markerType';
          break;
        }
        case 'markerType': {
          const marker = chunk[i++];
          if (marker === 0xff) {
            // Fill byte; the marker type follows.
            break;
          }
          this.onMarker(marker);
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
            this.state = 'segment';
            if (this.segmentRemaining === 0) {
              this.endSegment();
            }
          }
          break;
        }
        case 'segment': {
          const take = Math.min(this.segmentRemaining, chunk.length - i);
          if (isSofMarker(this.segmentMarker) && this.segmentHead.length < 5) {
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
            this.endSegment();
          }
          break;
        }
        case 'entropy': {
          const ff = chunk.indexOf(0xff, i);
          if (ff === -1) {
            return;
          }
          i = ff + 1;
          this.state = 'entropyFF';
          break;
        }
        case 'entropyFF': {
          const next = chunk[i++];
          if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
            // Stuffed 0xFF or a restart marker: still entropy-coded data.
            this.state = 'entropy';
          } else if (next === 0xff) {
            // Fill byte before a marker.
            this.state = 'entropyFF';
          } else {
            this.onMarker(next);
          }
          break;
        }
        default:
          return;
      }
    }
  }

  finish(): void {
    if (!this.size.known) {
      throw truncated('size header (SOF)');
    }
    if (this.state !== 'done') {
      throw truncated('end-of-image marker');
    }
  }

  private onMarker(marker: number): void {
    if (marker === 0xd9) {
      if (!this.seenScan) {
        throw undecodable('it ends before any image data');
      }
      this.state = 'done';
      return;
    }
    if (
      marker === 0xd8 ||
      marker === 0x01 ||
      (marker >= 0xd0 && marker <= 0xd7)
    ) {
      // Markers without a length.
      this.state = 'marker';
      return;
    }
    this.segmentMarker = marker;
    this.state = 'length';
  }

  private endSegment(): void {
    const marker = this.segmentMarker;
    if (isSofMarker(marker)) {
      if (this.segmentHead.length < 5) {
        throw undecodable('its size header (SOF) is too short');
      }
      // Only the first frame header counts (a hierarchical file has more).
      if (!this.size.known) {
        this.size.set(
          this.segmentHead.readUInt16BE(3),
          this.segmentHead.readUInt16BE(1),
        );
      }
    }
    if (marker === 0xda) {
      if (!this.size.known) {
        throw undecodable('its image data starts before its size header');
      }
      this.seenScan = true;
      this.state = 'entropy';
      return;
    }
    this.state = 'marker';
  }
}
