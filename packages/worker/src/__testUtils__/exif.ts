/**
 * Builds an APP1 "Exif" segment holding only the orientation tag, in either
 * byte order, so tests can make rotated JPEGs without a camera.
 */
export function exifApp1(
  orientation: number,
  littleEndian = false,
  type: 3 | 4 = 3,
): Buffer {
  const tiff = Buffer.alloc(8 + 2 + 12 + 4);
  if (littleEndian) {
    tiff.write('II', 0, 'latin1');
    tiff.writeUInt16LE(42, 2);
    tiff.writeUInt32LE(8, 4);
    tiff.writeUInt16LE(1, 8);
    tiff.writeUInt16LE(0x0112, 10);
    tiff.writeUInt16LE(type, 12);
    tiff.writeUInt32LE(1, 14);
    if (type === 3) {
      tiff.writeUInt16LE(orientation, 18);
    } else {
      tiff.writeUInt32LE(orientation, 18);
    }
  } else {
    tiff.write('MM', 0, 'latin1');
    tiff.writeUInt16BE(42, 2);
    tiff.writeUInt32BE(8, 4);
    tiff.writeUInt16BE(1, 8);
    tiff.writeUInt16BE(0x0112, 10);
    tiff.writeUInt16BE(type, 12);
    tiff.writeUInt32BE(1, 14);
    if (type === 3) {
      tiff.writeUInt16BE(orientation, 18);
    } else {
      tiff.writeUInt32BE(orientation, 18);
    }
  }
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

/** Inserts segments right after SOI (before JFIF/APP0 is fine too). */
export function withSegments(jpeg: Buffer, ...segments: Buffer[]): Buffer {
  return Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);
}
