import { ByteRange } from '../storage';

/**
 * Parses an HTTP `Range` header against an object of `size` bytes.
 *
 * - `undefined`: serve the whole object (no header, a syntax we do not
 *   serve such as several ranges, or another unit — RFC 9110 lets a server
 *   ignore Range);
 * - `'unsatisfiable'`: answer 416;
 * - a range with both ends included.
 */
export function parseRange(
  header: string | undefined,
  size: number,
): ByteRange | 'unsatisfiable' | undefined {
  if (!header) {
    return undefined;
  }
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match || (match[1] === '' && match[2] === '')) {
    return undefined;
  }
  const [, first, last] = match;
  // Positions past the end are allowed (RFC 9110: a last-pos beyond the
  // object means "to the end"), however many digits they have; so are
  // huge starts, which are simply outside the object (416).
  if (first === '') {
    // A suffix: the last N bytes.
    const length = Number(last);
    if (length === 0 || size === 0) {
      return 'unsatisfiable';
    }
    return { start: Math.max(0, size - Math.min(length, size)), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? Infinity : Number(last);
  if (end < start) {
    return undefined;
  }
  if (start >= size) {
    return 'unsatisfiable';
  }
  return { start, end: Math.min(end, size - 1) };
}
