import { describeOtherFormat, detectPhotoType } from './detect';

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(
    parts.map(p =>
      typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p),
    ),
  );

describe('detectPhotoType', () => {
  it('detects by magic bytes', () => {
    expect(detectPhotoType(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(detectPhotoType(bytes([0x89], 'PNG\r\n\x1a\n'))).toBe('png');
    expect(detectPhotoType(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '))).toBe(
      'webp',
    );
  });

  it('ignores what the bytes do not say', () => {
    expect(
      detectPhotoType(bytes('RIFF', [1, 2, 3, 4], 'WAVEfmt ')),
    ).toBeUndefined();
    expect(detectPhotoType(bytes('Once upon a time'))).toBeUndefined();
    expect(detectPhotoType(bytes([0xff, 0xd8]))).toBeUndefined();
    expect(detectPhotoType(new Uint8Array())).toBeUndefined();
  });

  it('names common other formats', () => {
    expect(describeOtherFormat(bytes('GIF89a'))).toBe('a GIF image');
    expect(describeOtherFormat(bytes([0, 0, 0, 0x18], 'ftypheic'))).toBe(
      'a HEIC image',
    );
    expect(describeOtherFormat(bytes('%PDF-1.7'))).toBe('a PDF document');
    expect(describeOtherFormat(bytes('hello'))).toBeUndefined();
  });
});
