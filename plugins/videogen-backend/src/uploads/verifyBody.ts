import { InputError } from '@backstage/errors';
import { createHash } from 'node:crypto';

type Part = 'photo' | 'script';

/** The body is longer than declared. */
export function longerThanDeclared(part: Part, sizeBytes: number): InputError {
  return new InputError(
    `The ${part} sent is longer than the ${sizeBytes} bytes declared when the upload started. Start the upload again.`,
  );
}

/** The body is shorter (or, by its Content-Length, other) than declared. */
export function otherLengthThanDeclared(
  part: Part,
  received: number,
  sizeBytes: number,
): InputError {
  return new InputError(
    `The ${part} sent has ${received} bytes, not the ${sizeBytes} declared when the upload started; it may have been cut off. Start the upload again.`,
  );
}

/** The body's SHA-256 is not the declared one. */
export function otherBytesThanDeclared(part: Part): InputError {
  return new InputError(
    `The ${part} sent is not the file whose SHA-256 was declared when the upload started (the bytes differ). Start the upload again.`,
  );
}

/**
 * Passes a body's chunks on while hashing and counting them, and throws (so
 * the storage write that consumes them leaves nothing) as soon as the body
 * is longer than declared, or at its end when it is shorter or its SHA-256
 * differs from the declared one. One pass: each chunk is hashed on its way
 * to the file.
 */
export async function* verifiedBody(
  body: AsyncIterable<Buffer>,
  declared: { part: Part; sha256: string; sizeBytes: number },
): AsyncGenerator<Buffer> {
  const hash = createHash('sha256');
  let received = 0;
  for await (const chunk of body) {
    received += chunk.length;
    if (received > declared.sizeBytes) {
      throw longerThanDeclared(declared.part, declared.sizeBytes);
    }
    hash.update(chunk);
    yield chunk;
  }
  if (received !== declared.sizeBytes) {
    throw otherLengthThanDeclared(declared.part, received, declared.sizeBytes);
  }
  if (hash.digest('hex') !== declared.sha256) {
    throw otherBytesThanDeclared(declared.part);
  }
}
