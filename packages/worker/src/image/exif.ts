/**
 * Reads the EXIF orientation tag (0x0112) of a JPEG: ffmpeg's image demuxers
 * decode the pixels as stored, but cameras store portrait shots sideways and
 * rely on this tag. Returns 1 (as stored) when absent or unreadable.
 */
export function readJpegOrientation(buf: Uint8Array): number {
  try {
    return scanSegments(buf);
  } catch {
    // A DataView read past the end: truncated or corrupt metadata.
    return 1;
  }
}

function scanSegments(buf: Uint8Array): number {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.length < 4 || buf[0] !== 0xff || buf[1] !== 0xd8) {
    return 1;
  }
  let at = 2;
  while (at + 4 <= buf.length) {
    if (buf[at] !== 0xff) {
      return 1;
    }
    const marker = buf[at + 1];
    if (marker === 0xff) {
      // Fill byte before a marker.
      at++;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) {
      // End of image or start of scan: metadata segments come before.
      return 1;
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    const length = view.getUint16(at + 2);
    if (length < 2 || at + 2 + length > buf.length) {
      return 1;
    }
    if (marker === 0xe1) {
      const orientation = orientationFromApp1(view, at + 4, length - 2);
      if (orientation !== undefined) {
        return orientation;
      }
    }
    at += 2 + length;
  }
  return 1;
}

function orientationFromApp1(
  view: DataView,
  start: number,
  length: number,
): number | undefined {
  const end = start + length;
  // "Exif\0\0" then a TIFF header; other APP1 segments (XMP) are skipped.
  const exif = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00];
  if (length < 14 || exif.some((b, i) => view.getUint8(start + i) !== b)) {
    return undefined;
  }
  const tiff = start + 6;
  const order = view.getUint16(tiff);
  if (order !== 0x4949 && order !== 0x4d4d) {
    return undefined;
  }
  const little = order === 0x4949;
  if (view.getUint16(tiff + 2, little) !== 42) {
    return undefined;
  }
  const ifd = tiff + view.getUint32(tiff + 4, little);
  if (ifd + 2 > end) {
    return undefined;
  }
  const entries = view.getUint16(ifd, little);
  for (let i = 0; i < entries; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > end) {
      return undefined;
    }
    if (view.getUint16(entry, little) !== 0x0112) {
      continue;
    }
    const type = view.getUint16(entry + 2, little);
    // SHORT is the standard type; some writers use LONG.
    let value = 0;
    if (type === 3) {
      value = view.getUint16(entry + 8, little);
    } else if (type === 4) {
      value = view.getUint32(entry + 8, little);
    }
    return value >= 1 && value <= 8 ? value : 1;
  }
  return undefined;
}

/**
 * The ffmpeg filters that turn stored pixels into the upright picture, for
 * each EXIF orientation (TIFF 6.0 / EXIF 2.3 definitions).
 */
export function orientationFilters(orientation: number): string[] {
  switch (orientation) {
    case 2:
      return ['hflip'];
    case 3:
      return ['hflip', 'vflip'];
    case 4:
      return ['vflip'];
    case 5:
      // Transpose across the main diagonal.
      return ['transpose=cclock_flip'];
    case 6:
      return ['transpose=clock'];
    case 7:
      // Transpose across the anti-diagonal.
      return ['transpose=clock_flip'];
    case 8:
      return ['transpose=cclock'];
    default:
      return [];
  }
}

/** Orientations 5-8 swap width and height. */
export function swapsAxes(orientation: number): boolean {
  return orientation >= 5 && orientation <= 8;
}
