import { FontMetrics } from '../font/ttf';
import {
  paginate,
  measureWith,
  timePages,
  TimedPage,
  wrapText,
} from '../text/captions';
import { cleanCaption, Narration, narrationFor } from '../text/unicode';
import { CAPTIONS, TIMING, VIDEO } from './settings';

export interface PlannedScene {
  index: number;
  sentence: string;
  narration: Narration;
  /** Wrapped caption pages, before timing. */
  pages: string[][];
}

export function planScenes(
  sentences: string[],
  font: FontMetrics,
): PlannedScene[] {
  const measure = measureWith(font, CAPTIONS.fontSize);
  return sentences.map((sentence, index) => {
    const caption = cleanCaption(sentence, font);
    const lines = wrapText(caption, measure, CAPTIONS.maxWidth);
    return {
      index,
      sentence,
      narration: narrationFor(sentence),
      pages: paginate(lines, CAPTIONS.maxLines),
    };
  });
}

export interface TimedScene extends PlannedScene {
  /** Narration length as spoken (seconds of the espeak-ng WAV). */
  speechSeconds: number;
  frames: number;
  /** First frame of the scene in the whole video. */
  startFrame: number;
  timedPages: TimedPage[];
  /** Caption band height in pixels (0 when the caption is empty). */
  band: number;
}

export function sceneFrames(speechSeconds: number): number {
  const seconds = Math.max(
    TIMING.minSceneSeconds,
    TIMING.leadIn + speechSeconds + TIMING.tail,
  );
  return Math.ceil(seconds * VIDEO.fps - 1e-6);
}

export function bandHeight(pages: string[][]): number {
  const lines = Math.max(0, ...pages.map(p => p.length));
  return lines === 0
    ? 0
    : lines * CAPTIONS.lineHeight + 2 * CAPTIONS.bandPadding;
}

export function timeScenes(
  scenes: PlannedScene[],
  speechSeconds: number[],
): TimedScene[] {
  let startFrame = 0;
  return scenes.map((scene, i) => {
    const frames = sceneFrames(speechSeconds[i]);
    const duration = frames / VIDEO.fps;
    const speechStart = TIMING.leadIn;
    const speechEnd = Math.min(duration, TIMING.leadIn + speechSeconds[i]);
    const timed: TimedScene = {
      ...scene,
      speechSeconds: speechSeconds[i],
      frames,
      startFrame,
      timedPages: timePages(scene.pages, speechStart, speechEnd, duration),
      band: bandHeight(scene.pages),
    };
    startFrame += frames;
    return timed;
  });
}

export interface Segment {
  index: number;
  scene: TimedScene;
  /** Frame offset within the scene and length. */
  offset: number;
  frames: number;
}

/**
 * Cuts scenes into segments of at most VIDEO.maxSegmentFrames, evenly, so
 * the work spreads over the cores. Depends only on the scene lengths.
 */
export function planSegments(scenes: TimedScene[]): Segment[] {
  const segments: Segment[] = [];
  for (const scene of scenes) {
    const count = Math.ceil(scene.frames / VIDEO.maxSegmentFrames);
    const base = Math.floor(scene.frames / count);
    const extra = scene.frames % count;
    let offset = 0;
    for (let i = 0; i < count; i++) {
      const frames = base + (i < extra ? 1 : 0);
      segments.push({ index: segments.length, scene, offset, frames });
      offset += frames;
    }
  }
  return segments;
}

export interface LineLayout {
  pageIndex: number;
  lineIndex: number;
  text: string;
  baseline: number;
  /** Seconds from the scene start. */
  start: number;
  end: number;
}

/**
 * Baselines of each page's lines, centred vertically in the caption band so
 * pages with fewer lines do not hug its top.
 */
export function layoutLines(scene: TimedScene): LineLayout[] {
  const layouts: LineLayout[] = [];
  const bandTop = VIDEO.height - scene.band;
  const capacity =
    scene.band === 0
      ? 0
      : (scene.band - 2 * CAPTIONS.bandPadding) / CAPTIONS.lineHeight;
  scene.timedPages.forEach((page, pageIndex) => {
    const spare = (capacity - page.lines.length) * CAPTIONS.lineHeight;
    const top = bandTop + CAPTIONS.bandPadding + spare / 2;
    // Centres capital letters (about 0.73 em tall in DejaVu Sans) in each line box.
    const glyphOffset = Math.round(
      (CAPTIONS.lineHeight + 0.73 * CAPTIONS.fontSize) / 2,
    );
    page.lines.forEach((text, lineIndex) => {
      layouts.push({
        pageIndex,
        lineIndex,
        text,
        baseline: Math.round(
          top + lineIndex * CAPTIONS.lineHeight + glyphOffset,
        ),
        start: page.start,
        end: page.end,
      });
    });
  });
  return layouts;
}
