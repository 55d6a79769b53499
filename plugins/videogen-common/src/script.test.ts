import { checkScript, normalizeScript, scriptLength } from './script';

describe('normalizeScript', () => {
  it('treats CRLF, CR and LF line endings as the same script', () => {
    const lf = normalizeScript('One.\nTwo.');
    expect(normalizeScript('One.\r\nTwo.')).toBe(lf);
    expect(normalizeScript('One.\rTwo.')).toBe(lf);
  });

  it('treats composed and decomposed accents as the same script (NFC)', () => {
    const composed = 'Caf\u00e9';
    const decomposed = 'Cafe\u0301';
    expect(composed).not.toBe(decomposed);
    expect(normalizeScript(decomposed)).toBe(normalizeScript(composed));
  });

  it('drops a byte-order mark, trailing spaces and surrounding blank lines but keeps inner blank lines', () => {
    expect(normalizeScript('\uFEFF\n\n  Hello.  \t\n\nBye.\n\n')).toBe(
      'Hello.\n\nBye.',
    );
  });
});

describe('checkScript', () => {
  it('accepts ordinary text with tabs and newlines', () => {
    expect(checkScript('A knight.\n\tHe rides.', 100)).toBeUndefined();
  });

  it('refuses an empty script with a sentence a person understands', () => {
    expect(checkScript(normalizeScript(' \n\t\n'), 100)).toMatch(/empty/);
  });

  it('counts code points, so one emoji is one character', () => {
    expect(scriptLength('ab😀')).toBe(3);
    expect(checkScript('😀'.repeat(5), 5)).toBeUndefined();
    expect(checkScript('😀'.repeat(6), 5)).toMatch(
      /6 characters long; the limit is 5/,
    );
  });

  it('refuses control characters other than tab and newline, naming the code point', () => {
    expect(checkScript('Bell\u0007', 100)).toMatch(/U\+0007/);
    expect(checkScript('Esc\u001b[31m', 100)).toMatch(/U\+001B/);
    expect(checkScript('C1\u0085', 100)).toMatch(/U\+0085/);
  });
});
