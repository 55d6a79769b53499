import { checkPhotoSize, uprightSize } from './canvas';
import { PHOTO } from './settings';

describe('checkPhotoSize', () => {
  it('accepts photos up to the limits', () => {
    expect(() =>
      checkPhotoSize({ width: PHOTO.maxSide, height: 100 }),
    ).not.toThrow();
  });

  it('rejects a side or a pixel count over the limits', () => {
    expect(() =>
      checkPhotoSize({ width: PHOTO.maxSide + 1, height: 10 }),
    ).toThrow(
      `photo is too large (${PHOTO.maxSide + 1}×10; at most ${
        PHOTO.maxSide
      } pixels a side)`,
    );
    expect(() =>
      checkPhotoSize({ width: 10, height: PHOTO.maxSide + 1 }),
    ).toThrow('photo is too large');
    expect(() =>
      checkPhotoSize({ width: PHOTO.maxSide, height: PHOTO.maxSide }),
    ).toThrow('photo is too large');
  });
});

describe('uprightSize', () => {
  it('swaps the sides for the EXIF orientations that turn by 90°', () => {
    const stored = { width: 400, height: 300 };
    for (const orientation of [1, 2, 3, 4]) {
      expect(uprightSize(stored, orientation)).toEqual(stored);
    }
    for (const orientation of [5, 6, 7, 8]) {
      expect(uprightSize(stored, orientation)).toEqual({
        width: 300,
        height: 400,
      });
    }
  });
});
