import { DEFAULT_UPLOAD_LIMITS } from '@videogen/plugin-videogen-common';
import {
  ACCEPTED_PHOTO_NAMES,
  checkPhotoFile,
  checkPhotoPixels,
  inspectScript,
  photoType,
} from './validation';

const limits = { ...DEFAULT_UPLOAD_LIMITS };

describe('upload validation', () => {
  it('names the accepted types', () => {
    expect(ACCEPTED_PHOTO_NAMES).toBe('JPEG, PNG or WebP');
  });

  it('uses the extension when the browser gives no type', () => {
    expect(photoType({ type: '', name: 'fox.WEBP' })).toBe('image/webp');
    expect(photoType({ type: '', name: 'notes.txt' })).toBe('');
  });

  it('checks type, emptiness and size against the server limits', () => {
    const ok = { name: 'a.jpg', type: 'image/jpeg', size: 1000 };
    expect(checkPhotoFile(ok, limits)).toBeUndefined();
    expect(
      checkPhotoFile({ ...ok, name: 'a.gif', type: 'image/gif' }, limits),
    ).toMatch(/is a image\/gif file/);
    expect(checkPhotoFile({ ...ok, name: 'x', type: '' }, limits)).toMatch(
      /not a recognised image/,
    );
    expect(checkPhotoFile({ ...ok, size: 0 }, limits)).toMatch(/is empty/);
    expect(
      checkPhotoFile({ ...ok, size: limits.maxPhotoBytes }, limits),
    ).toBeUndefined();
    expect(
      checkPhotoFile({ ...ok, size: limits.maxPhotoBytes + 1 }, limits),
    ).toMatch(/the limit is 20 MB/);
  });

  it('checks the pixel count', () => {
    expect(checkPhotoPixels(4000, 3000, limits)).toBeUndefined();
    expect(checkPhotoPixels(8000, 6000, limits)).toMatch(
      /8000 × 6000 \(48 megapixels\); the limit is 40 megapixels/,
    );
  });

  it('counts and checks the script as the server does', () => {
    expect(inspectScript('  \uFEFFHi\r\n  ', limits)).toEqual({
      length: 2,
      problem: undefined,
      empty: false,
    });
    // "é" typed as e + combining accent is one character after NFC.
    expect(inspectScript('e\u0301', limits).length).toBe(1);
    expect(inspectScript('😀', limits).length).toBe(1);
    expect(inspectScript('   ', limits)).toMatchObject({
      empty: true,
      problem: expect.stringMatching(/empty/),
    });
    expect(inspectScript('x'.repeat(5001), limits).problem).toMatch(
      /5001 characters/,
    );
    expect(inspectScript('a\u0000b', limits).problem).toMatch(/U\+0000/);
  });
});
