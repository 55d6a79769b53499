import { FontMetrics } from '../font/ttf';
import { cleanCaption, narrationFor, stripEmoji } from './unicode';

// A font with Latin, Cyrillic and Arabic but no CJK, like DejaVu Sans.
const font: FontMetrics = {
  unitsPerEm: 1000,
  ascender: 900,
  descender: -200,
  hasGlyph: cp => cp < 0x0700 || (cp >= 0x2000 && cp < 0x2800),
  advance: () => 500,
};

describe('cleanCaption', () => {
  it('keeps hostile punctuation literally', () => {
    const text = `He said: "it's 100%{pts}" \\ $(rm -rf /) ; [a], 'b'`;
    expect(cleanCaption(text, font)).toBe(text);
  });

  it('drops emoji (with modifiers and joiners) and characters the font lacks', () => {
    expect(cleanCaption('Hi 👋🏽 team 👨‍👩‍👧 ❤️ 你好 ok', font)).toBe('Hi team ok');
  });

  it('keeps Arabic, Cyrillic and accents, drops controls and bidi overrides', () => {
    expect(cleanCaption('Zoë\u202E مرحبا\u0007 Привет', font)).toBe(
      'Zoë مرحبا Привет',
    );
  });

  it('normalises decomposed accents to NFC', () => {
    expect(cleanCaption('Zoe\u0308', font)).toBe('Zoë');
  });
});

describe('narrationFor', () => {
  it('uses the English voice for Latin text and strips emoji', () => {
    expect(narrationFor('Hello 😀 world.')).toEqual({
      voice: 'en-us',
      text: 'Hello world.',
    });
  });

  it('picks the voice of the dominant script and drops letters other voices would spell out', () => {
    expect(narrationFor('مرحبا بالعالم')).toEqual({
      voice: 'ar',
      text: 'مرحبا بالعالم',
    });
    expect(narrationFor('Привет, мир!').voice).toBe('ru');
    expect(narrationFor('The sign said 你好 loudly.')).toEqual({
      voice: 'en-us',
      text: 'The sign said loudly.',
    });
  });

  it('defuses espeak-ng phoneme brackets', () => {
    expect(narrationFor('Say [[h@loU]] now').text).toBe('Say [ [h@loU] ] now');
  });

  it('can leave nothing to say', () => {
    expect(narrationFor('😀🎉').text).toBe('');
    expect(stripEmoji('a🇫🇷b')).toBe('ab');
  });
});
