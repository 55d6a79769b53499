import { UnsupportedMediaTypeError } from '../errors';
import { detectPhotoType, looksLikeKnownStart } from './photoSignature';

const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13,
]);

describe('detectPhotoType', () => {
  it('recognises JPEG, PNG and WebP', () => {
    expect(detectPhotoType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe(
      'image/jpeg',
    );
    expect(detectPhotoType(PNG)).toBe('image/png');
    expect(detectPhotoType(Buffer.from('RIFF\x10\0\0\0WEBP', 'latin1'))).toBe(
      'image/webp',
    );
  });

  it('says what another file looks like', () => {
    expect(() => detectPhotoType(Buffer.from('GIF89a......'))).toThrow(
      UnsupportedMediaTypeError,
    );
    expect(() => detectPhotoType(Buffer.from('<svg xmlns="'))).toThrow(
      /looks like SVG/,
    );
    expect(() => detectPhotoType(Buffer.from('RIFF\0\0\0\0WAVE'))).toThrow(
      /not a JPEG, PNG or WebP/,
    );
  });
});

describe('looksLikeKnownStart', () => {
  it('is true for the start of a signature, from two bytes on', () => {
    expect(looksLikeKnownStart(Buffer.from([0xff, 0xd8]))).toBe(true);
    expect(looksLikeKnownStart(PNG.subarray(0, 5))).toBe(true);
    expect(looksLikeKnownStart(Buffer.from('RIF'))).toBe(true);
    expect(looksLikeKnownStart(Buffer.from([0xff]))).toBe(false);
    expect(looksLikeKnownStart(Buffer.from('GIF'))).toBe(false);
  });
});
