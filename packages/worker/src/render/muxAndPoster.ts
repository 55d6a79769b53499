import { join } from 'node:path';
import { Pcm16, encodeWav } from '../media/wav';
import { muxArgs, posterArgs } from './ffmpegArgs';
import { Job, RenderOutputs } from './job';
import { assembleNarration } from './narration';
import { Segment, TimedScene } from './plan';
import { POSTER, VIDEO } from './settings';
import { toolFailure } from './toolFailure';
import { writeWorkFile } from './workFiles';

/** Work file names, relative to the work directory the tools run in. */
const NARRATION_FILE = 'narration.wav';
const CONCAT_LIST_FILE = 'segments.txt';

/**
 * Joins the rendered segments and the whole narration track into the video
 * and, at the same time, takes the poster frame from the first segment.
 */
export async function muxAndPoster(
  job: Job,
  rendered: {
    scenes: TimedScene[];
    speech: Array<Pcm16 | undefined>;
    segments: Segment[];
    segmentFiles: string[];
  },
  outputs: Pick<RenderOutputs, 'video' | 'poster'>,
): Promise<void> {
  await writeWorkFile(
    join(job.work, NARRATION_FILE),
    encodeWav(assembleNarration(rendered.scenes, rendered.speech)),
  );
  await writeWorkFile(
    join(job.work, CONCAT_LIST_FILE),
    concatList(rendered.segmentFiles),
  );
  const posterAt = posterSeconds(rendered.segments[0]);
  await Promise.all([
    job.limiter.run(() =>
      job.children
        .run(
          job.tools.ffmpeg,
          muxArgs(CONCAT_LIST_FILE, NARRATION_FILE, outputs.video),
        )
        .catch(error => {
          throw toolFailure(error, 'ffmpeg', 'assembling the video');
        }),
    ),
    job.limiter.run(() =>
      job.children
        .run(
          job.tools.ffmpeg,
          posterArgs(rendered.segmentFiles[0], posterAt, outputs.poster),
        )
        .catch(error => {
          throw toolFailure(error, 'ffmpeg', 'making the poster');
        }),
    ),
  ]);
}

/** The ffmpeg concat demuxer's list of the segment files, in order. */
export function concatList(segmentFiles: string[]): string {
  return segmentFiles.map(f => `file '${f}'\n`).join('');
}

/** When in the first segment to take the poster: POSTER.atSeconds, or its last frame if shorter. */
export function posterSeconds(firstSegment: Pick<Segment, 'frames'>): number {
  return Math.min(POSTER.atSeconds, (firstSegment.frames - 1) / VIDEO.fps);
}
