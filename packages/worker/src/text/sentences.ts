/**
 * Splits a script into sentences, one scene each.
 *
 * Rules, in the order they matter:
 * - Blank lines end a paragraph, and a paragraph always ends a sentence
 *   (even without punctuation, e.g. a title line). Single line breaks are
 *   just spaces, so hard-wrapped text reads naturally.
 * - A sentence ends at `.`, `!`, `?`, `…` (plus closing quotes/brackets)
 *   followed by whitespace, unless the next word starts with a lower-case
 *   letter ("“Help!” she cried.") or the dot belongs to an abbreviation,
 *   an initial ("J. R. R. Tolkien") or a number ("3.50" never has a space).
 * - CJK full stops end a sentence without a following space.
 */

// Never end a sentence: titles and Latin abbreviations that precede more text.
const NEVER_FINAL = new Set([
  'mr',
  'mrs',
  'ms',
  'mx',
  'dr',
  'prof',
  'st',
  'mt',
  'ft',
  'sr',
  'jr',
  'rev',
  'fr',
  'gen',
  'col',
  'lt',
  'capt',
  'cpt',
  'sgt',
  'cmdr',
  'adm',
  'gov',
  'sen',
  'rep',
  'pres',
  'hon',
  'messrs',
  'mme',
  'mlle',
  'e.g',
  'i.e',
  'cf',
  'vs',
  'viz',
  'approx',
  'ca',
  'dept',
  'ave',
  'blvd',
]);

// Not final before a number ("No. 5", "Fig. 3"), ordinary words otherwise.
const BEFORE_NUMBER = new Set([
  'no',
  'nos',
  'fig',
  'figs',
  'vol',
  'vols',
  'ch',
  'p',
  'pp',
  'op',
  'art',
]);

// End a sentence only when the next word is capitalised ("... etc. Then").
const SOMETIMES_FINAL = new Set([
  'etc',
  'inc',
  'ltd',
  'co',
  'corp',
  'bros',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'mon',
  'tue',
  'wed',
  'thu',
  'fri',
  'sat',
  'sun',
  'al',
  'min',
  'max',
  'hr',
  'hrs',
  'km',
  'kg',
  'lb',
  'lbs',
  'oz',
  'pt',
  'qt',
  'sq',
  'yd',
  'yds',
]);

const TERMINATORS = '.!?…‼⁇⁈⁉';
const CJK_TERMINATORS = '。！？｡';
const CLOSERS = `"'”’»)]}›」』】〉》`;
const OPENING_PUNCT = /^["'“‘«(\[{‹「『【〈《¿¡\-—–]+/u;

export function splitParagraphs(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t\u00a0]*\n/)
    .map(p => p.replace(/\s+/g, ' ').trim())
    .filter(p => p.length > 0);
}

/** Whether a sentence has anything to say or show (letters or digits). */
export function hasContent(sentence: string): boolean {
  return /[\p{L}\p{N}]/u.test(sentence);
}

function isBoundary(
  paragraph: string,
  punctStart: number,
  after: number,
): boolean {
  const punct = paragraph
    .slice(punctStart, after)
    .replace(/[^.!?…‼⁇⁈⁉。！？｡]/gu, '');
  const nextWord = paragraph.slice(after).trimStart();
  if (nextWord === '') {
    return true;
  }
  const nextLetter = nextWord.replace(OPENING_PUNCT, '').charAt(0);
  if (/\p{Ll}/u.test(nextLetter)) {
    return false;
  }
  if (punct !== '.') {
    // "?", "!", "…" and "..." end a sentence before anything not lower case.
    return true;
  }
  const before = paragraph.slice(0, punctStart);
  const word = (before.match(/\S+$/u)?.[0] ?? '').replace(OPENING_PUNCT, '');
  const lower = word.toLowerCase();
  if (word === '') {
    return true;
  }
  if (NEVER_FINAL.has(lower)) {
    return false;
  }
  if (BEFORE_NUMBER.has(lower) && /^\p{N}/u.test(nextLetter)) {
    return false;
  }
  // Initials ("J. R. R. Tolkien"); "I" is far more often the pronoun.
  if (/^\p{Lu}$/u.test(word) && word !== 'I') {
    return false;
  }
  // Dotted acronyms ("U.S. Army", "5 p.m. on"): a wrong split would leave a
  // broken caption on screen, a missed one only a longer scene.
  if (/^(\p{L}\.)+\p{L}$/u.test(word)) {
    return false;
  }
  if (SOMETIMES_FINAL.has(lower)) {
    return /^\p{Lu}/u.test(nextLetter);
  }
  return true;
}

export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const paragraph of splitParagraphs(text)) {
    let start = 0;
    let i = 0;
    while (i < paragraph.length) {
      const ch = paragraph[i];
      if (CJK_TERMINATORS.includes(ch)) {
        let end = i + 1;
        while (
          end < paragraph.length &&
          (CJK_TERMINATORS.includes(paragraph[end]) ||
            CLOSERS.includes(paragraph[end]))
        ) {
          end++;
        }
        sentences.push(paragraph.slice(start, end).trim());
        start = end;
        i = end;
        continue;
      }
      if (TERMINATORS.includes(ch)) {
        let end = i + 1;
        while (end < paragraph.length && TERMINATORS.includes(paragraph[end])) {
          end++;
        }
        while (end < paragraph.length && CLOSERS.includes(paragraph[end])) {
          end++;
        }
        const followedBySpace =
          end >= paragraph.length || /\s/u.test(paragraph[end]);
        if (followedBySpace && isBoundary(paragraph, i, end)) {
          sentences.push(paragraph.slice(start, end).trim());
          start = end;
        }
        i = end;
        continue;
      }
      i++;
    }
    const tail = paragraph.slice(start).trim();
    if (tail) {
      sentences.push(tail);
    }
  }
  return mergeContentless(sentences);
}

/**
 * A "sentence" with no letters or digits ("...", "—", an emoji) is folded
 * into its neighbour rather than becoming a silent scene of its own.
 */
function mergeContentless(sentences: string[]): string[] {
  const merged: string[] = [];
  let pending = '';
  for (const sentence of sentences) {
    if (!hasContent(sentence)) {
      if (merged.length > 0) {
        merged[merged.length - 1] = `${merged[merged.length - 1]} ${sentence}`;
      } else {
        pending = pending ? `${pending} ${sentence}` : sentence;
      }
      continue;
    }
    merged.push(pending ? `${pending} ${sentence}` : sentence);
    pending = '';
  }
  if (merged.length === 0 && pending) {
    // Nothing speakable at all (e.g. only emoji): keep it so the caller can
    // decide (the renderer rejects an empty script with a clear reason).
    return [];
  }
  return merged;
}
