/**
 * Just enough of a TrueType/OpenType reader to know which characters a font
 * can draw and how wide they are, so captions can be wrapped to the frame
 * and characters the font lacks dropped instead of drawn as boxes.
 */
export interface FontMetrics {
  unitsPerEm: number;
  ascender: number;
  descender: number;
  hasGlyph(codePoint: number): boolean;
  /** Advance width in font units; 0 for characters without a glyph. */
  advance(codePoint: number): number;
}

class FontFormatError extends Error {}

function table(buf: Buffer, tag: string): { offset: number; length: number } {
  const numTables = buf.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    if (buf.toString('latin1', rec, rec + 4) === tag) {
      const offset = buf.readUInt32BE(rec + 8);
      const length = buf.readUInt32BE(rec + 12);
      if (offset + length > buf.length) {
        throw new FontFormatError(`table ${tag} is truncated`);
      }
      return { offset, length };
    }
  }
  throw new FontFormatError(`table ${tag} is missing`);
}

type CmapLookup = (codePoint: number) => number;

function format4(buf: Buffer, at: number): CmapLookup {
  const segX2 = buf.readUInt16BE(at + 6);
  const ends = at + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const rangeOffsets = deltas + segX2;
  return cp => {
    if (cp > 0xffff) {
      return 0;
    }
    for (let s = 0; s < segX2; s += 2) {
      const end = buf.readUInt16BE(ends + s);
      if (cp > end) {
        continue;
      }
      const start = buf.readUInt16BE(starts + s);
      if (cp < start) {
        return 0;
      }
      const delta = buf.readUInt16BE(deltas + s);
      const rangeOffset = buf.readUInt16BE(rangeOffsets + s);
      if (rangeOffset === 0) {
        return (cp + delta) & 0xffff;
      }
      const glyphAt = rangeOffsets + s + rangeOffset + (cp - start) * 2;
      if (glyphAt + 2 > buf.length) {
        return 0;
      }
      const glyph = buf.readUInt16BE(glyphAt);
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}

function format12(buf: Buffer, at: number): CmapLookup {
  const groups = buf.readUInt32BE(at + 12);
  const first = at + 16;
  return cp => {
    let lo = 0;
    let hi = groups - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const g = first + mid * 12;
      const start = buf.readUInt32BE(g);
      const end = buf.readUInt32BE(g + 4);
      if (cp < start) {
        hi = mid - 1;
      } else if (cp > end) {
        lo = mid + 1;
      } else {
        return buf.readUInt32BE(g + 8) + (cp - start);
      }
    }
    return 0;
  };
}

function cmapLookup(buf: Buffer): CmapLookup {
  const cmap = table(buf, 'cmap').offset;
  const count = buf.readUInt16BE(cmap + 2);
  let best: { score: number; at: number; format: number } | undefined;
  for (let i = 0; i < count; i++) {
    const rec = cmap + 4 + i * 8;
    const platform = buf.readUInt16BE(rec);
    const encoding = buf.readUInt16BE(rec + 2);
    const at = cmap + buf.readUInt32BE(rec + 4);
    const format = buf.readUInt16BE(at);
    // Prefer full Unicode (format 12) over BMP-only (format 4) subtables.
    const unicode =
      (platform === 3 && (encoding === 1 || encoding === 10)) || platform === 0;
    if (!unicode || (format !== 4 && format !== 12)) {
      continue;
    }
    const score = format === 12 ? 2 : 1;
    if (!best || score > best.score) {
      best = { score, at, format };
    }
  }
  if (!best) {
    throw new FontFormatError('no Unicode character map');
  }
  return best.format === 12 ? format12(buf, best.at) : format4(buf, best.at);
}

export function parseFont(buf: Buffer): FontMetrics {
  try {
    const magic = buf.readUInt32BE(0);
    if (magic !== 0x00010000 && magic !== 0x4f54544f && magic !== 0x74727565) {
      throw new FontFormatError('not a TrueType/OpenType font');
    }
    const head = table(buf, 'head').offset;
    const unitsPerEm = buf.readUInt16BE(head + 18);
    const hhea = table(buf, 'hhea').offset;
    const ascender = buf.readInt16BE(hhea + 4);
    const descender = buf.readInt16BE(hhea + 6);
    const numberOfHMetrics = buf.readUInt16BE(hhea + 34);
    const hmtx = table(buf, 'hmtx').offset;
    const lookup = cmapLookup(buf);
    const cache = new Map<number, number>();
    const glyphOf = (cp: number) => {
      let glyph = cache.get(cp);
      if (glyph === undefined) {
        glyph = lookup(cp);
        cache.set(cp, glyph);
      }
      return glyph;
    };
    return {
      unitsPerEm,
      ascender,
      descender,
      hasGlyph: cp => glyphOf(cp) !== 0,
      advance: cp => {
        const glyph = glyphOf(cp);
        if (glyph === 0) {
          return 0;
        }
        const metric = Math.min(glyph, numberOfHMetrics - 1);
        return buf.readUInt16BE(hmtx + metric * 4);
      },
    };
  } catch (error) {
    if (error instanceof FontFormatError) {
      throw error;
    }
    // Out-of-range reads: a truncated or corrupt file.
    throw new FontFormatError('font file is truncated or corrupt');
  }
}
