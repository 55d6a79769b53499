import fs from 'node:fs';
import path from 'node:path';

const characters = path.resolve(
  __dirname,
  '../../../../../fixtures/characters',
);

/** The repository's character fixtures (fixtures/README.md). */
export const fixtures = {
  knightJpg: () => fs.readFileSync(path.join(characters, 'knight.jpg')),
  knightTxt: () => fs.readFileSync(path.join(characters, 'knight.txt')),
  robotPng: () => fs.readFileSync(path.join(characters, 'robot.png')),
  robotTxt: () => fs.readFileSync(path.join(characters, 'robot.txt')),
  foxWebp: () => fs.readFileSync(path.join(characters, 'fox.webp')),
  foxTxt: () => fs.readFileSync(path.join(characters, 'fox.txt')),
};

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  // The inspector does not check CRCs; zeros keep the fixture readable.
  return Buffer.concat([
    length,
    Buffer.from(type, 'latin1'),
    data,
    Buffer.alloc(4),
  ]);
}

/** A structurally complete PNG that claims `width`×`height` pixels. */
export function craftedPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00])),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A structurally complete baseline JPEG that claims `width`×`height` pixels. */
export function craftedJpeg(width: number, height: number): Buffer {
  const sof = Buffer.from([
    0xff, 0xc0, 0x00, 0x0b, 0x08, 0, 0, 0, 0, 0x01, 0x01, 0x11, 0x00,
  ]);
  sof.writeUInt16BE(height, 5);
  sof.writeUInt16BE(width, 7);
  const sos = Buffer.from([
    0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00,
  ]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    Buffer.from([0xff, 0xe0, 0x00, 0x04, 0x00, 0x00]),
    sof,
    sos,
    Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56]),
    Buffer.from([0xff, 0xd9]),
  ]);
}

/** A WebP with a VP8X (extended) header claiming `width`×`height`. */
export function craftedWebpVp8x(width: number, height: number): Buffer {
  const data = Buffer.alloc(10);
  data.writeUIntLE(width - 1, 4, 3);
  data.writeUIntLE(height - 1, 7, 3);
  const body = Buffer.concat([
    Buffer.from('WEBPVP8X', 'latin1'),
    Buffer.from([10, 0, 0, 0]),
    data,
  ]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

/** A lossless WebP header (VP8L) claiming `width`×`height`. */
export function craftedWebpVp8l(width: number, height: number): Buffer {
  const data = Buffer.alloc(10);
  data[0] = 0x2f;
  data.writeUInt32LE(
    ((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14),
    1,
  );
  const size = Buffer.alloc(4);
  size.writeUInt32LE(data.length);
  const body = Buffer.concat([Buffer.from('WEBPVP8L', 'latin1'), size, data]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

export const svgPhoto = Buffer.from(
  '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
);
