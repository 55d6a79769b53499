import { InputError } from '@backstage/errors';

// The errors a photo's header can earn, worded for the person uploading it.

export const ACCEPTED_PHOTOS =
  'Upload a JPEG, PNG or WebP photo (SVG, GIF, HEIC and other formats are not accepted).';

/** What a file that is not an accepted photo looks like, from its start. */
export function describeUnknown(head: Buffer): string {
  const text = head.toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '');
  if (/^\s*</.test(text)) {
    return 'The photo looks like SVG or another text format, not a photo.';
  }
  if (text.startsWith('GIF8')) {
    return 'The photo is a GIF.';
  }
  if (text.slice(4, 8) === 'ftyp') {
    return 'The photo is a HEIC/AVIF (or other ISO media) file.';
  }
  if (text.startsWith('%PDF')) {
    return 'The file is a PDF, not a photo.';
  }
  return 'The photo is not a JPEG, PNG or WebP image.';
}

/** The photo ended before `what`. */
export function truncated(what: string): InputError {
  return new InputError(
    `The photo ends before its ${what}; the file looks truncated or damaged. Export it again and retry.`,
  );
}

/** The photo's header is malformed (`detail` says how). */
export function undecodable(detail: string): InputError {
  return new InputError(
    `The photo cannot be read (${detail}); the file looks damaged. Export it again and retry.`,
  );
}

// What a declared media type (a direct upload's contentType) says, worded
// as the same file's magic bytes would be.
const DECLARED: Array<[RegExp, string]> = [
  [
    /^image\/svg/,
    'The photo looks like SVG or another text format, not a photo.',
  ],
  [
    /^(text\/|application\/(xml|json))/,
    'The photo looks like SVG or another text format, not a photo.',
  ],
  [/^image\/gif$/, 'The photo is a GIF.'],
  [
    /^image\/(heic|heif|avif)(-sequence)?$/,
    'The photo is a HEIC/AVIF (or other ISO media) file.',
  ],
  [/^application\/pdf$/, 'The file is a PDF, not a photo.'],
];

/** The sentence for a declared type that is not JPEG, PNG or WebP. */
export function describeDeclaredType(contentType: string): string {
  const type = contentType.split(';')[0].trim().toLowerCase();
  const found = DECLARED.find(([pattern]) => pattern.test(type));
  return `${
    found ? found[1] : 'The photo is not a JPEG, PNG or WebP image.'
  } ${ACCEPTED_PHOTOS}`;
}
