import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Stats, constants as fsConstants, promises as fs } from 'node:fs';
import { Readable } from 'node:stream';
import {
  InputError,
  ProcessingError,
  describeErrno,
  throwIfCancelled,
} from '../errors';
import { Location } from '../uri';
import { describeS3Error, s3ErrorName, s3HttpStatus } from './s3';

export interface ReadInputOptions {
  what: 'photo' | 'script';
  maxBytes: number;
  s3?: () => S3Client;
  signal?: AbortSignal;
}

function tooLarge(what: string, uri: string, maxBytes: number): InputError {
  return new InputError(
    `${what} ${uri} is too large (more than ${Math.floor(
      maxBytes / 1024,
    )} KiB)`,
  );
}

function fileKind(stat: Stats): string {
  if (stat.isFIFO()) {
    return 'a named pipe';
  }
  if (stat.isSocket()) {
    return 'a socket';
  }
  if (stat.isCharacterDevice() || stat.isBlockDevice()) {
    return 'a device';
  }
  return 'a special file';
}

async function readFileInput(
  path: string,
  uri: string,
  options: ReadInputOptions,
): Promise<Buffer> {
  let handle: fs.FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO for reading otherwise waits for a writer,
    // forever, in a libuv pool thread that not even process.exit can stop.
    // With it the open returns at once and fstat below refuses the FIFO;
    // regular files ignore the flag.
    handle = await fs.open(
      path,
      fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0),
    );
  } catch (error) {
    throw new InputError(
      `cannot read ${options.what} ${uri}: ${describeErrno(error)}`,
      { cause: error },
    );
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) {
      throw new InputError(
        `cannot read ${options.what} ${uri}: is a directory`,
      );
    }
    if (!stat.isFile()) {
      // A FIFO or /dev/zero would never end (or never stop growing).
      throw new InputError(
        `cannot read ${options.what} ${uri}: not a regular file (${fileKind(
          stat,
        )})`,
      );
    }
    if (stat.size > options.maxBytes) {
      throw tooLarge(options.what, uri, options.maxBytes);
    }
    return await handle.readFile();
  } catch (error) {
    if (error instanceof InputError) {
      throw error;
    }
    throw new InputError(
      `cannot read ${options.what} ${uri}: ${describeErrno(error)}`,
      { cause: error },
    );
  } finally {
    await handle.close();
  }
}

async function readS3Input(
  bucket: string,
  key: string,
  uri: string,
  options: ReadInputOptions,
): Promise<Buffer> {
  const client = options.s3!();
  let body: Readable;
  try {
    const response = await client.send(
      new GetObjectCommand({ Bucket: bucket, Key: key }),
      {
        abortSignal: options.signal,
      },
    );
    if (
      response.ContentLength !== undefined &&
      response.ContentLength > options.maxBytes
    ) {
      (response.Body as Readable | undefined)?.destroy();
      throw tooLarge(options.what, uri, options.maxBytes);
    }
    body = response.Body as Readable;
  } catch (error) {
    throwIfCancelled(options.signal);
    if (error instanceof InputError) {
      throw error;
    }
    const reason = describeS3Error(error);
    const name = s3ErrorName(error);
    const missing =
      name === 'NoSuchKey' ||
      name === 'NoSuchBucket' ||
      s3HttpStatus(error) === 404;
    const message = `cannot read ${options.what} ${uri}: ${reason}`;
    throw missing
      ? new InputError(message, { cause: error })
      : new ProcessingError(message, { cause: error });
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of body) {
      total += (chunk as Buffer).length;
      if (total > options.maxBytes) {
        body.destroy();
        throw tooLarge(options.what, uri, options.maxBytes);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    throwIfCancelled(options.signal);
    if (error instanceof InputError) {
      throw error;
    }
    throw new ProcessingError(
      `cannot read ${options.what} ${uri}: ${describeS3Error(error)}`,
      { cause: error },
    );
  }
  return Buffer.concat(chunks);
}

/** Reads a whole input (they are small: a photo and a text file) into memory. */
export async function readInput(
  location: Location,
  options: ReadInputOptions,
): Promise<Buffer> {
  throwIfCancelled(options.signal);
  if (location.kind === 'file') {
    return readFileInput(location.path, location.uri, options);
  }
  return readS3Input(location.bucket, location.key, location.uri, options);
}
