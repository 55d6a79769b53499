import { FontMetrics } from '../font/ttf';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

// A grapheme cluster that is (part of) an emoji: drawn in colour elsewhere,
// as a box or a monochrome glyph by drawtext; dropped from captions and
// narration alike so both stay clean.
const EMOJI_CLUSTER =
  /\p{Emoji_Presentation}|\p{Emoji_Modifier}|\uFE0F|\u20E3|[\u{E0020}-\u{E007F}]|\p{Regional_Indicator}/u;
// Controls and invisible formatting (bidi overrides, BOM, ZWJ, soft hyphen).
// ZWNJ (U+200C) is kept: Persian and Indic words need it to shape correctly.
const INVISIBLE = /[\p{Cc}\p{Co}\p{Cs}\p{Cn}]|(?!\u200C)\p{Cf}/gu;

export function stripEmoji(text: string): string {
  let out = '';
  for (const { segment } of graphemes.segment(text)) {
    if (!EMOJI_CLUSTER.test(segment)) {
      out += segment;
    }
  }
  return out;
}

function collapse(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/**
 * Caption text as drawtext will get it: NFC, no controls or emoji, and no
 * characters the caption font has no glyph for (whole grapheme clusters go,
 * so no orphaned accents are left behind).
 */
export function cleanCaption(text: string, font: FontMetrics): string {
  const normalized = stripEmoji(text.normalize('NFC')).replace(INVISIBLE, ' ');
  let out = '';
  for (const { segment } of graphemes.segment(normalized)) {
    if (/^\s+$/u.test(segment)) {
      out += ' ';
      continue;
    }
    const base = segment.codePointAt(0)!;
    if (!font.hasGlyph(base)) {
      // The space keeps words apart when a dropped character separated them.
      out += ' ';
      continue;
    }
    for (const ch of segment) {
      if (font.hasGlyph(ch.codePointAt(0)!) || ch === '\u200C') {
        out += ch;
      }
    }
  }
  return collapse(out);
}

/** espeak-ng voices for scripts other than Latin, by Unicode script. */
const SCRIPT_VOICES: Array<{ script: RegExp; voice: string }> = [
  { script: /\p{Script=Arabic}/u, voice: 'ar' },
  { script: /\p{Script=Hebrew}/u, voice: 'he' },
  { script: /\p{Script=Cyrillic}/u, voice: 'ru' },
  { script: /\p{Script=Greek}/u, voice: 'el' },
  { script: /[\p{Script=Hiragana}\p{Script=Katakana}]/u, voice: 'ja' },
  { script: /\p{Script=Han}/u, voice: 'cmn' },
  { script: /\p{Script=Hangul}/u, voice: 'ko' },
  { script: /\p{Script=Devanagari}/u, voice: 'hi' },
  { script: /\p{Script=Bengali}/u, voice: 'bn' },
  { script: /\p{Script=Tamil}/u, voice: 'ta' },
  { script: /\p{Script=Thai}/u, voice: 'th' },
  { script: /\p{Script=Armenian}/u, voice: 'hy' },
  { script: /\p{Script=Georgian}/u, voice: 'ka' },
];

export const DEFAULT_VOICE = 'en-us';

export interface Narration {
  voice: string;
  text: string;
}

/**
 * Chooses the espeak-ng voice by the sentence's dominant script and keeps
 * only what that voice reads sensibly: its own script, Latin (espeak-ng's
 * other voices switch to English for Latin words), digits and punctuation.
 * Without this the English voice spells Arabic or Chinese letter by letter
 * ("Arabic letter meem, ...").
 */
export function narrationFor(sentence: string): Narration {
  const text = stripEmoji(sentence.normalize('NFC')).replace(INVISIBLE, ' ');
  const counts = SCRIPT_VOICES.map(({ script }) => {
    const global = new RegExp(script.source, 'gu');
    return (text.match(global) ?? []).length;
  });
  const latin = (text.match(/\p{Script=Latin}/gu) ?? []).length;
  let best = -1;
  counts.forEach((count, i) => {
    if (count > 0 && (best === -1 || count > counts[best])) {
      best = i;
    }
  });
  const useScript =
    best !== -1 && counts[best] >= latin ? SCRIPT_VOICES[best] : undefined;
  const voice = useScript?.voice ?? DEFAULT_VOICE;
  const keepKanji = voice === 'ja';
  let out = '';
  for (const ch of text) {
    if (/\p{L}/u.test(ch)) {
      const own =
        /\p{Script=Latin}/u.test(ch) ||
        (useScript !== undefined && useScript.script.test(ch)) ||
        (keepKanji && /\p{Script=Han}/u.test(ch));
      out += own ? ch : ' ';
    } else {
      out += ch;
    }
  }
  // "[[...]]" switches espeak-ng to phoneme input; the script means the text.
  out = out.replace(/\[\[/g, '[ [').replace(/\]\]/g, '] ]');
  return { voice, text: collapse(out) };
}
