import { UploadLimits } from '@videogen/plugin-videogen-common';
import { ByteRange, ObjectStorage } from '../storage';
import { PhotoFacts, PhotoInspector } from '../videos/upload/PhotoInspector';
import { truncated } from '../videos/upload/photoProblems';

/**
 * A photo up to this size is read whole and checked exactly as the
 * multipart route checks it while it streams (every marker and chunk).
 */
export const WHOLE_READ_BYTES = 256 * 1024;
/** Where the end marker of a larger photo is looked for. */
export const TAIL_BYTES = 64 * 1024;
/** A header (JPEG APPn segments, ICC profiles) longer than this is refused. */
const MAX_HEADER_BYTES = 16 * 1024 * 1024;

const PNG_IEND = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44]);
const JPEG_EOI = Buffer.from([0xff, 0xd9]);

async function readRange(
  storage: ObjectStorage,
  key: string,
  range: ByteRange,
): Promise<Buffer> {
  const body = await storage.read(key, range);
  if (!body) {
    throw new Error(`Object ${key} vanished while it was being checked`);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of body) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Checks a stored photo by ranged reads, with the multipart route's
 * inspector and its sentences: type by magic bytes (415), pixel limit and a
 * well-formed header (400), and truncation (400). The cost does not grow
 * with the photo: a small photo is read whole, a larger one from its start
 * until the header has shown type and size, plus its last 64 KiB for the
 * end marker (JPEG EOI, PNG IEND) or its length against the RIFF size
 * (WebP). Corruption between header and end in a photo above 256 KiB is
 * left to the generator, which refuses an undecodable photo (exit 2).
 */
export async function inspectStoredPhoto(
  storage: ObjectStorage,
  key: string,
  sizeBytes: number,
  limits: Pick<UploadLimits, 'maxPhotoPixels'>,
): Promise<PhotoFacts> {
  const inspector = new PhotoInspector({ maxPixels: limits.maxPhotoPixels });
  if (sizeBytes <= WHOLE_READ_BYTES) {
    if (sizeBytes > 0) {
      inspector.push(
        await readRange(storage, key, { start: 0, end: sizeBytes - 1 }),
      );
    }
    return inspector.finish();
  }

  // Read from the start in growing ranges until the header is known.
  let read = 0;
  let step = WHOLE_READ_BYTES;
  let firstBytes = Buffer.alloc(0);
  while (!inspector.header) {
    if (read >= sizeBytes || read >= MAX_HEADER_BYTES) {
      // The inspector's own sentence for a header it never completed.
      return inspector.finish();
    }
    const end = Math.min(sizeBytes, read + step) - 1;
    const bytes = await readRange(storage, key, { start: read, end });
    if (read === 0) {
      firstBytes = bytes.subarray(0, 16);
    }
    inspector.push(bytes);
    read = end + 1;
    step *= 2;
  }
  const facts = inspector.header!;
  const tail = await readRange(storage, key, {
    start: sizeBytes - TAIL_BYTES,
    end: sizeBytes - 1,
  });
  checkEnd(facts.type, firstBytes, tail, sizeBytes);
  return facts;
}

/** The end checks of the header parsers' finish(), on the photo's tail. */
function checkEnd(
  type: PhotoFacts['type'],
  firstBytes: Buffer,
  tail: Buffer,
  sizeBytes: number,
): void {
  if (type === 'image/jpeg' && tail.indexOf(JPEG_EOI) === -1) {
    // EOI cannot occur inside entropy-coded data (0xFF is stuffed there),
    // so its presence near the end means the scan data ended properly.
    throw truncated('end-of-image marker');
  }
  if (type === 'image/png' && tail.indexOf(PNG_IEND) === -1) {
    throw truncated('end chunk (IEND)');
  }
  if (type === 'image/webp') {
    const riffSize = firstBytes.readUInt32LE(4);
    if (sizeBytes < riffSize + 8) {
      throw truncated(`last byte (${riffSize + 8} bytes announced)`);
    }
  }
}
