import { InputError } from '@backstage/errors';
import { Readable } from 'node:stream';
import { ReceivedScript, readScript } from './readScript';

/** Bytes a script may have before decoding (4 per character, plus slack). */
export function maxScriptBytes(maxCharacters: number): number {
  return maxCharacters * 4 + 4096;
}

export function scriptTooLong(maxCharacters: number): InputError {
  return new InputError(
    `The script is longer than ${maxCharacters} characters, the limit. Shorten it and try again.`,
  );
}

/**
 * Reads a script sent as a file part, refusing it as soon as it has more
 * bytes than a script of the allowed length can have.
 */
export async function readScriptFile(
  stream: Readable,
  maxCharacters: number,
): Promise<ReceivedScript> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > maxScriptBytes(maxCharacters)) {
      stream.resume();
      throw scriptTooLong(maxCharacters);
    }
    chunks.push(chunk);
  }
  return readScript(Buffer.concat(chunks), maxCharacters);
}
