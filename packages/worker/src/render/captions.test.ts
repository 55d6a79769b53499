import { CaptionFiles, segmentCaptionLines } from './captions';
import {
  Segment,
  TimedScene,
  bandHeight,
  planScenes,
  timeScenes,
} from './plan';
import { VIDEO } from './settings';

const font = {
  unitsPerEm: 1000,
  ascender: 900,
  descender: -200,
  hasGlyph: () => true,
  advance: () => 550,
};

/** A 4-second scene 3 whose caption shows two lines, then one. */
function twoPageScene(): TimedScene {
  const [timed] = timeScenes(planScenes(['One two three.'], font), [3]);
  const pages = [['one', 'two'], ['three']];
  return {
    ...timed,
    index: 3,
    pages,
    frames: 4 * VIDEO.fps,
    band: bandHeight(pages),
    timedPages: [
      { lines: pages[0], start: 0, end: 2 },
      { lines: pages[1], start: 2, end: 4 },
    ],
  };
}

const files: CaptionFiles = new Map([
  ['3:0:0', 'c003_0_0.txt'],
  ['3:0:1', 'c003_0_1.txt'],
  ['3:1:0', 'c003_1_0.txt'],
]);

function segment(scene: TimedScene, fromSecond: number, seconds: number) {
  const result: Segment = {
    index: 0,
    scene,
    offset: fromSecond * VIDEO.fps,
    frames: seconds * VIDEO.fps,
  };
  return result;
}

describe('segmentCaptionLines', () => {
  it('gives lines shown throughout the segment no window and leaves out later pages', () => {
    const lines = segmentCaptionLines(segment(twoPageScene(), 0, 2), files);
    expect(lines.map(l => [l.file, l.from, l.to])).toEqual([
      ['c003_0_0.txt', undefined, undefined],
      ['c003_0_1.txt', undefined, undefined],
    ]);
    expect(lines[0].baseline).toBeLessThan(lines[1].baseline);
  });

  it('times pages that change within the segment in the segment’s own seconds', () => {
    const lines = segmentCaptionLines(segment(twoPageScene(), 1, 2), files);
    expect(lines.map(l => [l.file, l.from, l.to])).toEqual([
      ['c003_0_0.txt', 0, 1],
      ['c003_0_1.txt', 0, 1],
      ['c003_1_0.txt', 1, 3],
    ]);
  });
});
