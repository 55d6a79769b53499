import { paginate, timePages, wrapText } from './captions';

// 10 px per character keeps the arithmetic obvious.
const measure = (s: string) => [...s].length * 10;

describe('wrapText', () => {
  it('keeps short text on one line', () => {
    expect(wrapText('Hello world', measure, 200)).toEqual(['Hello world']);
  });

  it('never exceeds the width and keeps every word', () => {
    const text =
      'The village had lost its bell and without the bell nobody woke for the harvest';
    const lines = wrapText(text, measure, 300);
    expect(lines.every(l => measure(l) <= 300)).toBe(true);
    expect(lines.join(' ')).toBe(text);
  });

  it('balances lines instead of leaving an orphan', () => {
    const lines = wrapText('aaaa bbbb cccc dddd eeee', measure, 200);
    // Greedy would give "aaaa bbbb cccc dddd" + "eeee".
    expect(lines).toHaveLength(2);
    expect(Math.abs(lines[0].length - lines[1].length)).toBeLessThanOrEqual(5);
  });

  it('breaks a word longer than a line between characters', () => {
    const lines = wrapText('Supercalifragilistic', measure, 80);
    expect(lines).toHaveLength(3);
    expect(lines.every(l => measure(l) <= 80)).toBe(true);
    expect(lines.join('')).toBe('Supercalifragilistic');
  });

  it('does not split a grapheme cluster (base letter + combining accent)', () => {
    const word = 'e\u0301'.repeat(6);
    const lines = wrapText(
      word,
      s => [...new Intl.Segmenter().segment(s)].length * 10,
      30,
    );
    expect(lines.every(l => !l.startsWith('\u0301'))).toBe(true);
    expect(lines.join('')).toBe(word);
  });

  it('returns nothing for empty text', () => {
    expect(wrapText('   ', measure, 100)).toEqual([]);
  });
});

describe('paginate', () => {
  it('splits into pages of at most maxLines, evenly', () => {
    expect(paginate(['1', '2', '3'], 3)).toEqual([['1', '2', '3']]);
    expect(paginate(['1', '2', '3', '4'], 3)).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(paginate(['1', '2', '3', '4', '5', '6', '7'], 3)).toEqual([
      ['1', '2', '3'],
      ['4', '5'],
      ['6', '7'],
    ]);
    expect(paginate([], 3)).toEqual([]);
  });
});

describe('timePages', () => {
  it('covers the scene without gaps, proportionally to text length', () => {
    const pages = timePages([['aaaa'], ['aaaaaaaaaaaa']], 0.5, 4.5, 5);
    expect(pages[0].start).toBe(0);
    expect(pages[0].end).toBe(1.5);
    expect(pages[1].start).toBe(1.5);
    expect(pages[1].end).toBe(5);
  });
});
