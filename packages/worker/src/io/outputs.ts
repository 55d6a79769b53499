import { DeleteObjectsCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createReadStream, promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  InputError,
  ProcessingError,
  asCancelled,
  describeErrno,
  errnoCode,
  throwIfCancelled,
} from '../errors';
import { FileLocation, Location, S3Location, childUri } from '../uri';
import { S3WriteSettings, describeS3Error } from './s3';

export interface OutputFile {
  name: string;
  path: string;
  contentType: string;
}

/** The only names the worker ever writes below an output prefix. */
export const OUTPUT_NAMES = ['video.mp4', 'poster.jpg', 'result.json'];

/**
 * A file:// output directory may be replaced only if it holds nothing but a
 * previous result: it could otherwise be someone's home directory.
 */
export async function checkFileOutput(location: FileLocation): Promise<void> {
  let entries: string[];
  try {
    entries = await fs.readdir(location.path);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT') {
      return;
    }
    if (code === 'ENOTDIR') {
      throw new InputError(
        `output ${location.uri} exists and is not a directory`,
      );
    }
    throw new InputError(
      `cannot use output ${location.uri}: ${describeErrno(error)}`,
    );
  }
  const foreign = entries.filter(name => !OUTPUT_NAMES.includes(name));
  if (foreign.length > 0) {
    throw new InputError(
      `output directory ${location.uri} already contains other files (${foreign
        .slice(0, 3)
        .join(', ')}); choose an empty or new directory`,
    );
  }
}

async function publishToDirectory(
  location: FileLocation,
  files: OutputFile[],
  signal?: AbortSignal,
) {
  const target = location.path;
  const parent = dirname(target);
  try {
    await fs.mkdir(parent, { recursive: true });
  } catch (error) {
    throw new ProcessingError(
      `cannot create ${parent}: ${describeErrno(error)}`,
    );
  }
  await checkFileOutput(location);

  // Staged next to the target so the final rename is atomic (same file system).
  let staging: string;
  try {
    staging = await fs.mkdtemp(join(parent, `.${basename(target)}.videogen-`));
    // mkdtemp makes it private (0700); the result is an ordinary directory.
    await fs.chmod(staging, 0o755);
  } catch (error) {
    throw new ProcessingError(
      `cannot write output ${location.uri}: ${describeErrno(error)}`,
    );
  }
  let old: string | undefined;
  try {
    for (const file of files) {
      throwIfCancelled(signal);
      try {
        await fs.copyFile(file.path, join(staging, file.name));
      } catch (error) {
        throw new ProcessingError(
          `${describeErrno(error)} while writing ${childUri(
            location,
            file.name,
          )}`,
          { cause: error },
        );
      }
    }
    throwIfCancelled(signal);
    try {
      await fs.rename(staging, target);
    } catch (error) {
      const code = errnoCode(error);
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') {
        throw error;
      }
      // A previous result is there: swap it out, then drop it.
      old = `${staging}.old`;
      await fs.rename(target, old);
      try {
        await fs.rename(staging, target);
      } catch (swapError) {
        await fs.rename(old, target).catch(() => undefined);
        old = undefined;
        throw swapError;
      }
    }
  } catch (error) {
    await fs
      .rm(staging, { recursive: true, force: true })
      .catch(() => undefined);
    if (error instanceof ProcessingError || error instanceof InputError) {
      throw error;
    }
    if (signal?.aborted) {
      throw asCancelled(signal.reason);
    }
    throw new ProcessingError(
      `cannot write output ${location.uri}: ${describeErrno(error)}`,
      { cause: error },
    );
  }
  if (old) {
    await fs.rm(old, { recursive: true, force: true }).catch(() => undefined);
  }
}

function s3Key(location: S3Location, name: string): string {
  return `${location.key}/${name}`;
}

async function removeObjects(
  client: S3Client,
  bucket: string,
  keys: string[],
): Promise<string | undefined> {
  if (keys.length === 0) {
    return undefined;
  }
  try {
    const response = await client.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: keys.map(Key => ({ Key })), Quiet: true },
      }),
    );
    if (response.Errors && response.Errors.length > 0) {
      return (
        response.Errors[0].Message ?? response.Errors[0].Code ?? 'delete failed'
      );
    }
    return undefined;
  } catch (error) {
    return describeS3Error(error);
  }
}

/**
 * Uploads with lib-storage (multipart above 8 MiB). result.json goes last so
 * its presence means the result is complete; on failure or cancellation the
 * objects already written are deleted so no partial result remains.
 */
async function publishToS3(
  location: S3Location,
  files: OutputFile[],
  client: S3Client,
  settings: S3WriteSettings,
  signal?: AbortSignal,
) {
  const written: string[] = [];
  let current: Upload | undefined;
  const onAbort = () => {
    current?.abort().catch(() => undefined);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (const file of files) {
      throwIfCancelled(signal);
      const key = s3Key(location, file.name);
      const size = (await fs.stat(file.path)).size;
      current = new Upload({
        client,
        queueSize: 2,
        partSize: 8 * 1024 * 1024,
        leavePartsOnError: false,
        params: {
          Bucket: location.bucket,
          Key: key,
          Body: createReadStream(file.path),
          ContentLength: size,
          ContentType: file.contentType,
          ChecksumAlgorithm: settings.checksum,
          ServerSideEncryption: settings.serverSideEncryption,
          SSEKMSKeyId: settings.kmsKeyId,
        },
      });
      try {
        await current.done();
      } catch (error) {
        throwIfCancelled(signal);
        throw new ProcessingError(
          `cannot upload ${childUri(location, file.name)}: ${describeS3Error(
            error,
          )}`,
          { cause: error },
        );
      }
      written.push(key);
    }
  } catch (error) {
    const cleanup = await removeObjects(client, location.bucket, written);
    if (error instanceof ProcessingError && cleanup) {
      throw new ProcessingError(
        `${error.message} (and removing the partial output failed: ${cleanup})`,
      );
    }
    if (signal?.aborted) {
      throw asCancelled(signal.reason);
    }
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

export async function publish(
  location: Location,
  files: OutputFile[],
  options: {
    s3?: () => S3Client;
    s3Settings: S3WriteSettings;
    signal?: AbortSignal;
  },
): Promise<void> {
  if (location.kind === 'file') {
    await publishToDirectory(location, files, options.signal);
  } else {
    await publishToS3(
      location,
      files,
      options.s3!(),
      options.s3Settings,
      options.signal,
    );
  }
}
