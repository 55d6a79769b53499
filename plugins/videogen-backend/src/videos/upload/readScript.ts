import { InputError } from '@backstage/errors';
import { checkScript, normalizeScript } from '@videogen/plugin-videogen-common';
import { createHash } from 'node:crypto';

/** A script, decoded, normalised and checked. */
export type ReceivedScript = {
  /** The normalised text (what is stored and hashed). */
  text: string;
  sha256: string;
};

/**
 * Decodes, normalises and checks a script; the hash is over the UTF-8 bytes
 * of the normalised text.
 */
export function readScript(
  bytes: Buffer,
  maxCharacters: number,
): ReceivedScript {
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(
      'The script is not valid UTF-8 text. Save it as UTF-8 (Unicode) and try again.',
    );
  }
  const text = normalizeScript(decoded);
  const problem = checkScript(text, maxCharacters);
  if (problem) {
    throw new InputError(problem);
  }
  return {
    text,
    sha256: createHash('sha256')
      .update(Buffer.from(text, 'utf8'))
      .digest('hex'),
  };
}
