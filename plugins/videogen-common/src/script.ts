/**
 * Script normalisation, shared by the backend (which hashes the result for
 * the dedupe key) and the frontend (which counts characters against the same
 * limit the server enforces).
 *
 * The normalised form is:
 *  1. a leading byte-order mark removed;
 *  2. line endings `\r\n` and `\r` turned into `\n`;
 *  3. Unicode Normalization Form C (so "é" typed as one or two code points
 *     hashes the same);
 *  4. spaces and tabs at the end of every line removed;
 *  5. blank lines and whitespace at the very start and end removed.
 *
 * Two scripts that differ only in these ways are the same script.
 *
 * @public
 */
export function normalizeScript(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .normalize('NFC')
    .replace(/[ \t]+$/gm, '')
    .trim();
}

/**
 * Length of a script in characters as a person counts them: Unicode code
 * points of the normalised text (an emoji made of one code point is one).
 *
 * @public
 */
export function scriptLength(normalized: string): number {
  let count = 0;
  for (const _ of normalized) count++;
  return count;
}

// Control characters (C0, DEL and C1) other than tab and newline: matching
// them is the point, hence the rule exception.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

/**
 * Checks a normalised script against the limits. Returns a sentence a person
 * understands when it is refused, or `undefined` when it is acceptable.
 *
 * @public
 */
export function checkScript(
  normalized: string,
  maxCharacters: number,
): string | undefined {
  if (normalized.length === 0) {
    return 'The script is empty. Write at least one sentence for the character to say.';
  }
  const length = scriptLength(normalized);
  if (length > maxCharacters) {
    return `The script is ${length} characters long; the limit is ${maxCharacters}. Shorten it and try again.`;
  }
  const control = FORBIDDEN_CONTROL.exec(normalized);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).padStart(4, '0');
    return `The script contains an invisible control character (U+${code.toUpperCase()}). Only letters, punctuation, spaces, tabs and line breaks are allowed.`;
  }
  return undefined;
}
