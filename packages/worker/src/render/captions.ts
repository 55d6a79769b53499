import { join } from 'node:path';
import { CaptionLine } from './ffmpegArgs';
import { Job } from './job';
import { Segment, TimedScene, layoutLines } from './plan';
import { VIDEO } from './settings';
import { writeWorkFile } from './workFiles';

/**
 * Caption file names (relative to the work directory) by scene, page and
 * line; see {@link captionKey}.
 */
export type CaptionFiles = Map<string, string>;

function captionKey(scene: number, page: number, line: number): string {
  return `${scene}:${page}:${line}`;
}

/**
 * Writes each caption line to a file of its own, which drawtext reads with
 * `textfile=`, so no caption text ever passes through filter-graph escaping.
 */
export async function writeCaptionFiles(
  job: Job,
  scenes: TimedScene[],
): Promise<CaptionFiles> {
  const files: CaptionFiles = new Map();
  for (const scene of scenes) {
    for (const line of layoutLines(scene)) {
      const name = `c${String(scene.index).padStart(3, '0')}_${
        line.pageIndex
      }_${line.lineIndex}.txt`;
      // No trailing newline: drawtext would draw it as an empty line.
      await writeWorkFile(join(job.work, name), line.text);
      files.set(captionKey(scene.index, line.pageIndex, line.lineIndex), name);
    }
  }
  return files;
}

/**
 * The caption lines visible during a segment, with their windows in the
 * segment's own time; a line shown throughout gets no window at all.
 */
export function segmentCaptionLines(
  segment: Segment,
  files: CaptionFiles,
): CaptionLine[] {
  const segStart = segment.offset / VIDEO.fps;
  const segEnd = (segment.offset + segment.frames) / VIDEO.fps;
  const lines: CaptionLine[] = [];
  for (const line of layoutLines(segment.scene)) {
    if (line.end <= segStart || line.start >= segEnd) {
      continue;
    }
    const file = files.get(
      captionKey(segment.scene.index, line.pageIndex, line.lineIndex),
    )!;
    const whole = line.start <= segStart && line.end >= segEnd;
    lines.push({
      file,
      baseline: line.baseline,
      from: whole ? undefined : Math.max(0, line.start - segStart),
      to: whole ? undefined : line.end - segStart,
    });
  }
  return lines;
}
