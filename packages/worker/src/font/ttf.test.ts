import { readFileSync } from 'node:fs';
import { parseFont } from './ttf';

// fonts-dejavu-core is a requirement of the worker (and of the render tests).
const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

describe('parseFont', () => {
  it('rejects files that are not fonts', () => {
    expect(() => parseFont(Buffer.from('definitely not a font file'))).toThrow(
      /not a TrueType/,
    );
    expect(() => parseFont(Buffer.from([0, 1, 0, 0, 0, 9]))).toThrow();
  });

  it('reads coverage and advance widths of DejaVu Sans', () => {
    const font = parseFont(readFileSync(DEJAVU));
    expect(font.unitsPerEm).toBe(2048);
    for (const ch of ['A', 'ë', 'Ж', 'م', 'ש', 'Ω']) {
      expect(font.hasGlyph(ch.codePointAt(0)!)).toBe(true);
    }
    // No CJK in DejaVu Sans: such captions are dropped, not drawn as boxes.
    expect(font.hasGlyph('你'.codePointAt(0)!)).toBe(false);
    expect(font.advance('W'.codePointAt(0)!)).toBeGreaterThan(
      font.advance('i'.codePointAt(0)!),
    );
    expect(font.advance('你'.codePointAt(0)!)).toBe(0);
  });
});
