/** @public */
export type PhotoType = 'jpeg' | 'png' | 'webp';

const startsWith = (buf: Uint8Array, bytes: number[], at = 0) =>
  buf.length >= at + bytes.length && bytes.every((b, i) => buf[at + i] === b);

const ascii = (s: string) => [...s].map(c => c.charCodeAt(0));

/** Detects the photo type from its first bytes; the name and extension are not trusted. */
export function detectPhotoType(head: Uint8Array): PhotoType | undefined {
  if (startsWith(head, [0xff, 0xd8, 0xff])) {
    return 'jpeg';
  }
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return 'png';
  }
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) {
    return 'webp';
  }
  return undefined;
}

/** Names formats people commonly upload instead, for a more useful error. */
export function describeOtherFormat(head: Uint8Array): string | undefined {
  if (startsWith(head, ascii('GIF8'))) {
    return 'a GIF image';
  }
  if (startsWith(head, ascii('BM'))) {
    return 'a BMP image';
  }
  if (
    startsWith(head, [0x49, 0x49, 0x2a, 0x00]) ||
    startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])
  ) {
    return 'a TIFF image';
  }
  if (startsWith(head, ascii('ftyp'), 4)) {
    const brand = String.fromCharCode(...head.slice(8, 12));
    if (/^(heic|heix|hevc|heim|heis|mif1|msf1)$/.test(brand)) {
      return 'a HEIC image';
    }
    if (/^avi[fs]$/.test(brand)) {
      return 'an AVIF image';
    }
    return 'a video or MP4-family file';
  }
  if (startsWith(head, ascii('%PDF'))) {
    return 'a PDF document';
  }
  if (startsWith(head, ascii('<svg')) || startsWith(head, ascii('<?xml'))) {
    return 'an SVG or XML document';
  }
  return undefined;
}
