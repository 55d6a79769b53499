import { FontMetrics } from '../font/ttf';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export type Measure = (text: string) => number;

/** Width in pixels of a single line at the given font size (no kerning). */
export function measureWith(font: FontMetrics, fontSize: number): Measure {
  const scale = fontSize / font.unitsPerEm;
  return text => {
    let units = 0;
    for (const ch of text) {
      units += font.advance(ch.codePointAt(0)!);
    }
    return units * scale;
  };
}

/** Breaks a word wider than a line between grapheme clusters. */
function breakWord(word: string, measure: Measure, maxWidth: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const { segment } of graphemes.segment(word)) {
    if (current && measure(current + segment) > maxWidth) {
      pieces.push(current);
      current = segment;
    } else {
      current += segment;
    }
  }
  if (current) {
    pieces.push(current);
  }
  return pieces;
}

function greedy(words: string[], measure: Measure, maxWidth: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    const candidate = current ? `${current} ${word}` : word;
    if (measure(candidate) <= maxWidth) {
      current = candidate;
      continue;
    }
    if (current) {
      lines.push(current);
      current = '';
    }
    if (measure(word) <= maxWidth) {
      current = word;
    } else {
      const pieces = breakWord(word, measure, maxWidth);
      lines.push(...pieces.slice(0, -1));
      current = pieces[pieces.length - 1] ?? '';
    }
  }
  if (current) {
    lines.push(current);
  }
  return lines;
}

/**
 * Word-wraps text to maxWidth, then narrows the width as far as the line
 * count allows so the lines come out evenly long (a caption with one long
 * line and one orphan word reads badly).
 */
export function wrapText(
  text: string,
  measure: Measure,
  maxWidth: number,
): string[] {
  const words = text.split(' ').filter(w => w.length > 0);
  if (words.length === 0) {
    return [];
  }
  const lines = greedy(words, measure, maxWidth);
  if (lines.length < 2) {
    return lines;
  }
  let lo = maxWidth / (lines.length + 1);
  let hi = maxWidth;
  let best = lines;
  for (let i = 0; i < 12; i++) {
    const mid = (lo + hi) / 2;
    const attempt = greedy(words, measure, mid);
    if (attempt.length <= lines.length) {
      best = attempt;
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return best;
}

/** Splits lines into pages of at most maxLines, as evenly as possible. */
export function paginate(lines: string[], maxLines: number): string[][] {
  if (lines.length === 0) {
    return [];
  }
  const pageCount = Math.ceil(lines.length / maxLines);
  const base = Math.floor(lines.length / pageCount);
  const extra = lines.length % pageCount;
  const pages: string[][] = [];
  let at = 0;
  for (let p = 0; p < pageCount; p++) {
    const size = base + (p < extra ? 1 : 0);
    pages.push(lines.slice(at, at + size));
    at += size;
  }
  return pages;
}

export interface TimedPage {
  lines: string[];
  /** Seconds from the start of the scene. */
  start: number;
  end: number;
}

function weight(lines: string[]): number {
  let count = 0;
  for (const line of lines) {
    count += [...graphemes.segment(line)].length;
  }
  return Math.max(1, count);
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Shows each page for a share of the narration proportional to its length;
 * the first page appears with the scene and the last stays until it ends.
 */
export function timePages(
  pages: string[][],
  speechStart: number,
  speechEnd: number,
  sceneEnd: number,
): TimedPage[] {
  const total = pages.reduce((sum, page) => sum + weight(page), 0);
  const timed: TimedPage[] = [];
  let consumed = 0;
  pages.forEach((lines, i) => {
    const start = i === 0 ? 0 : timed[i - 1].end;
    consumed += weight(lines);
    const end =
      i === pages.length - 1
        ? sceneEnd
        : round3(speechStart + ((speechEnd - speechStart) * consumed) / total);
    timed.push({ lines, start, end });
  });
  return timed;
}
