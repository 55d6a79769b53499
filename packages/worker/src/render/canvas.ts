import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { InputError, ProcessingError, oneLine } from '../errors';
import { PhotoType } from '../image/detect';
import {
  orientationFilters,
  readJpegOrientation,
  swapsAxes,
} from '../image/exif';
import { ExecError, lastMeaningfulLine } from '../media/exec';
import { prepareCanvasArgs, probePhotoArgs } from './ffmpegArgs';
import { Job, RenderInputs } from './job';
import { PHOTO, VIDEO } from './settings';
import { toolFailure } from './toolFailure';
import { writeWorkFile } from './workFiles';

/** Work file names, relative to the work directory the tools run in. */
const PHOTO_FILE = 'photo.bin';
export const CANVAS_FILE = 'canvas.yuv';

export interface Size {
  width: number;
  height: number;
}

/** A canvas being prepared in the background while the narration is spoken. */
export interface PendingCanvas {
  /** Waits for the canvas and checks ffmpeg really produced it. */
  ready(): Promise<void>;
}

/**
 * Checks the photo, then starts turning it into the upright, padded raw
 * canvas every segment pans over. Returns without waiting for ffmpeg.
 */
export async function startCanvas(
  job: Job,
  inputs: Pick<RenderInputs, 'photo' | 'photoType'>,
): Promise<PendingCanvas> {
  await writeWorkFile(join(job.work, PHOTO_FILE), inputs.photo);
  const stored = await probePhoto(
    job,
    inputs.photoType,
    join(job.work, PHOTO_FILE),
  );
  checkPhotoSize(stored);
  const orientation =
    inputs.photoType === 'jpeg' ? readJpegOrientation(inputs.photo) : 1;
  const upright = uprightSize(stored, orientation);

  const done = job.limiter.run(() =>
    job.children
      .run(
        job.tools.ffmpeg,
        prepareCanvasArgs({
          type: inputs.photoType,
          photoPath: PHOTO_FILE,
          width: upright.width,
          height: upright.height,
          orientation: orientationFilters(orientation),
          outPath: CANVAS_FILE,
        }),
      )
      .catch(error => {
        throw toolFailure(error, 'ffmpeg', 'preparing the photo');
      }),
  );
  // Awaited in ready(); until then a failure must not count as unhandled.
  done.catch(() => undefined);

  return {
    async ready() {
      await done;
      const canvasSize = (
        await fs.stat(join(job.work, CANVAS_FILE)).catch(() => undefined)
      )?.size;
      if (canvasSize !== (VIDEO.canvasWidth * VIDEO.canvasHeight * 3) / 2) {
        throw new ProcessingError(
          'ffmpeg failed while preparing the photo: it produced no image',
        );
      }
    },
  };
}

/** Rejects photos too large to decode safely, before ffmpeg tries. */
export function checkPhotoSize(stored: Size): void {
  if (
    stored.width > PHOTO.maxSide ||
    stored.height > PHOTO.maxSide ||
    stored.width * stored.height > PHOTO.maxPixels
  ) {
    throw new InputError(
      `photo is too large (${stored.width}×${stored.height}; at most ${PHOTO.maxSide} pixels a side)`,
    );
  }
}

/** The photo's size as shown: EXIF orientations that rotate by 90° swap the sides. */
export function uprightSize(stored: Size, orientation: number): Size {
  return swapsAxes(orientation)
    ? { width: stored.height, height: stored.width }
    : stored;
}

async function probePhoto(
  job: Job,
  type: PhotoType,
  path: string,
): Promise<Size> {
  let stdout: Buffer;
  try {
    ({ stdout } = await job.children.run(
      job.tools.ffprobe,
      probePhotoArgs(type, path),
      { captureStdout: true },
    ));
  } catch (error) {
    if (error instanceof ExecError && !error.spawnErrorCode) {
      const line = lastMeaningfulLine(error.stderr);
      throw new InputError(
        `photo could not be decoded${line ? `: ${oneLine(line, 200)}` : ''}`,
      );
    }
    throw toolFailure(error, 'ffprobe', 'reading the photo');
  }
  const parsed = JSON.parse(stdout.toString('utf8') || '{}') as {
    streams?: Array<{ width?: number; height?: number }>;
  };
  const stream = parsed.streams?.[0];
  if (!stream?.width || !stream?.height) {
    throw new InputError('photo could not be decoded: no image found in it');
  }
  return { width: stream.width, height: stream.height };
}
