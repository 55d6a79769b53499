import { throwIfCancelled } from '../errors';
import { CaptionFont } from '../font/findFont';
import { CANVAS_FILE } from './canvas';
import { CaptionFiles, segmentCaptionLines } from './captions';
import { segmentArgs } from './ffmpegArgs';
import { Job } from './job';
import { motionForScene } from './motion';
import { Segment } from './plan';
import { toolFailure } from './toolFailure';

/**
 * Renders every segment (picture with its captions, no sound) into an MP4 of
 * its own, in parallel up to the job's limit, reporting progress as each
 * finishes. Returns the file names in segment order.
 */
export async function renderSegments(
  job: Job,
  segments: Segment[],
  font: CaptionFont,
  captions: CaptionFiles,
): Promise<string[]> {
  let rendered = 0;
  job.progress({
    event: 'progress',
    stage: 'render',
    done: 0,
    total: segments.length,
  });
  return Promise.all(
    segments.map(segment =>
      job.limiter.run(async () => {
        throwIfCancelled(job.signal);
        const name = segmentFileName(segment);
        const args = segmentArgs({
          canvasPath: CANVAS_FILE,
          motion: motionForScene(segment.scene.index),
          offset: segment.offset,
          frames: segment.frames,
          sceneFrames: segment.scene.frames,
          fontPath: font.path,
          band: segment.scene.band,
          lines: segmentCaptionLines(segment, captions),
          outPath: name,
        });
        try {
          await job.children.run(job.tools.ffmpeg, args);
        } catch (error) {
          throw toolFailure(
            error,
            'ffmpeg',
            `rendering scene ${segment.scene.index + 1}`,
          );
        }
        rendered++;
        job.progress({
          event: 'progress',
          stage: 'render',
          done: rendered,
          total: segments.length,
        });
        return name;
      }),
    ),
  );
}

function segmentFileName(segment: Segment): string {
  return `seg${String(segment.index).padStart(4, '0')}.mp4`;
}
