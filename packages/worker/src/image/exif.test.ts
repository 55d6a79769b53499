import { exifApp1, withSegments } from '../__testUtils__/exif';
import { orientationFilters, readJpegOrientation, swapsAxes } from './exif';

// SOI, APP0 (JFIF), a DQT-like segment, SOS, some data, EOI.
const plainJpeg = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01,
  0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xdb, 0x00, 0x04, 0x00, 0x01,
  0xff, 0xda, 0x00, 0x02, 0x12, 0x34, 0xff, 0xd9,
]);

describe('readJpegOrientation', () => {
  it('is 1 without EXIF', () => {
    expect(readJpegOrientation(plainJpeg)).toBe(1);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'reads orientation %i in both byte orders',
    orientation => {
      expect(
        readJpegOrientation(
          withSegments(plainJpeg, exifApp1(orientation, false)),
        ),
      ).toBe(orientation);
      expect(
        readJpegOrientation(
          withSegments(plainJpeg, exifApp1(orientation, true)),
        ),
      ).toBe(orientation);
    },
  );

  it('accepts a LONG-typed tag and skips an XMP APP1 before the EXIF one', () => {
    const xmp = Buffer.concat([
      Buffer.from([0xff, 0xe1, 0x00, 0x0c]),
      Buffer.from('http://ns/x', 'latin1').subarray(0, 10),
    ]);
    expect(
      readJpegOrientation(withSegments(plainJpeg, xmp, exifApp1(6, true, 4))),
    ).toBe(6);
  });

  it('survives truncated, corrupt and out-of-range data', () => {
    const rotated = withSegments(plainJpeg, exifApp1(6));
    for (let cut = 0; cut < rotated.length; cut++) {
      expect(() => readJpegOrientation(rotated.subarray(0, cut))).not.toThrow();
    }
    expect(readJpegOrientation(withSegments(plainJpeg, exifApp1(9)))).toBe(1);
    expect(readJpegOrientation(Buffer.from('not a jpeg'))).toBe(1);
  });
});

describe('orientationFilters', () => {
  it('maps every EXIF orientation to ffmpeg filters', () => {
    expect(orientationFilters(1)).toEqual([]);
    expect(orientationFilters(2)).toEqual(['hflip']);
    expect(orientationFilters(3)).toEqual(['hflip', 'vflip']);
    expect(orientationFilters(4)).toEqual(['vflip']);
    expect(orientationFilters(5)).toEqual(['transpose=cclock_flip']);
    expect(orientationFilters(6)).toEqual(['transpose=clock']);
    expect(orientationFilters(7)).toEqual(['transpose=clock_flip']);
    expect(orientationFilters(8)).toEqual(['transpose=cclock']);
    expect([5, 6, 7, 8].every(swapsAxes)).toBe(true);
    expect([1, 2, 3, 4].some(swapsAxes)).toBe(false);
  });
});
