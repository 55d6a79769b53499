import { InputError } from '@backstage/errors';
import { UnsupportedMediaTypeError } from '../errors';
import {
  craftedJpeg,
  craftedPng,
  craftedWebpVp8l,
  craftedWebpVp8x,
  fixtures,
  svgPhoto,
} from '../__testUtils__/photos';
import { PhotoInspector } from './PhotoInspector';

function inspect(bytes: Buffer, chunkSize = 64 * 1024, maxPixels = 40e6) {
  const inspector = new PhotoInspector({ maxPixels });
  for (let i = 0; i < bytes.length; i += chunkSize) {
    inspector.push(bytes.subarray(i, i + chunkSize));
  }
  return inspector.finish();
}

describe('PhotoInspector', () => {
  it.each([
    ['knight.jpg', fixtures.knightJpg, 'image/jpeg', 1280, 960],
    ['robot.png', fixtures.robotPng, 'image/png', 900, 1200],
    ['fox.webp', fixtures.foxWebp, 'image/webp', 1024, 1024],
  ])(
    'reads the type and size of %s from its header',
    (_name, load, type, width, height) => {
      expect(inspect(load())).toEqual({ type, width, height });
    },
  );

  it.each([1, 3, 7, 4096])(
    'gives the same answer when the bytes arrive %i at a time',
    chunkSize => {
      expect(inspect(fixtures.knightJpg(), chunkSize)).toEqual({
        type: 'image/jpeg',
        width: 1280,
        height: 960,
      });
      expect(inspect(fixtures.robotPng(), chunkSize).width).toBe(900);
      expect(inspect(fixtures.foxWebp(), chunkSize).height).toBe(1024);
    },
  );

  it('reads crafted VP8L and VP8X WebP headers', () => {
    expect(inspect(craftedWebpVp8l(300, 200))).toEqual({
      type: 'image/webp',
      width: 300,
      height: 200,
    });
    expect(inspect(craftedWebpVp8x(5000, 4000)).width).toBe(5000);
  });

  it.each([
    ['PNG', () => craftedPng(10_000, 5_000)],
    ['JPEG', () => craftedJpeg(9_000, 6_000)],
    ['WebP', () => craftedWebpVp8x(16_000, 16_000)],
  ])(
    'refuses a %s over the pixel limit as soon as its header arrives',
    (_type, craft) => {
      const inspector = new PhotoInspector({ maxPixels: 40e6 });
      const bytes = craft();
      // The header alone is enough: the error comes from push, not finish.
      expect(() => inspector.push(bytes.subarray(0, 40))).toThrow(
        /megapixels\); the limit is 40\.0 megapixels/,
      );
    },
  );

  it('accepts a crafted photo exactly at the pixel limit', () => {
    expect(inspect(craftedPng(8000, 5000)).width).toBe(8000);
  });

  it.each([
    ['SVG', svgPhoto, /SVG/],
    [
      'GIF',
      Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'),
      /GIF/,
    ],
    [
      'text',
      Buffer.from('just some words, no image here'),
      /not a JPEG, PNG or WebP/,
    ],
    ['tiny non-image', Buffer.from('hi'), /not a JPEG, PNG or WebP/],
  ])('refuses %s as an unsupported media type', (_name, bytes, message) => {
    const run = () => inspect(bytes);
    expect(run).toThrow(UnsupportedMediaTypeError);
    expect(run).toThrow(message);
  });

  it.each([
    [
      'a JPEG without its EOI marker',
      () => fixtures.knightJpg().subarray(0, -2),
      /end-of-image marker/,
    ],
    [
      'a JPEG cut in the middle',
      () => fixtures.knightJpg().subarray(0, 20_000),
      /end-of-image marker/,
    ],
    [
      'a JPEG cut inside its header',
      () => fixtures.knightJpg().subarray(0, 30),
      /size header/,
    ],
    ['a PNG without IEND', () => fixtures.robotPng().subarray(0, -12), /IEND/],
    [
      'a PNG cut inside IHDR',
      () => fixtures.robotPng().subarray(0, 20),
      /IHDR/,
    ],
    [
      'a WebP shorter than its RIFF size',
      () => fixtures.foxWebp().subarray(0, 5000),
      /truncated/,
    ],
    [
      'a file of 5 bytes that starts like a PNG',
      () => fixtures.robotPng().subarray(0, 5),
      /truncated/,
    ],
  ])('refuses %s as truncated', (_name, load, message) => {
    const run = () => inspect(load());
    expect(run).toThrow(InputError);
    expect(run).toThrow(message);
  });

  it('refuses a JPEG whose markers are garbage', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0, 0]),
      Buffer.alloc(20, 0x41),
    ]);
    expect(() => inspect(bytes)).toThrow(/cannot be read/);
  });

  it('refuses an empty photo', () => {
    expect(() => inspect(Buffer.alloc(0))).toThrow(/empty/);
  });
});
