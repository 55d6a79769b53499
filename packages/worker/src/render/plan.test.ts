import { FontMetrics } from '../font/ttf';
import {
  bandHeight,
  layoutLines,
  planScenes,
  planSegments,
  sceneFrames,
  timeScenes,
} from './plan';
import { CAPTIONS, TIMING, VIDEO } from './settings';

const font: FontMetrics = {
  unitsPerEm: 1000,
  ascender: 900,
  descender: -200,
  hasGlyph: () => true,
  advance: () => 550,
};

describe('planning', () => {
  it('makes scenes follow the narration, in whole frames, with a minimum', () => {
    expect(sceneFrames(2)).toBe(
      Math.ceil((TIMING.leadIn + 2 + TIMING.tail) * VIDEO.fps),
    );
    expect(sceneFrames(0)).toBe(Math.ceil(TIMING.minSceneSeconds * VIDEO.fps));
  });

  it('wraps and paginates long sentences', () => {
    const long = Array.from({ length: 60 }, () => 'word').join(' ');
    const [scene] = planScenes([long], font);
    expect(scene.pages.length).toBeGreaterThan(1);
    expect(scene.pages.every(p => p.length <= CAPTIONS.maxLines)).toBe(true);
    expect(scene.pages.flat().join(' ')).toBe(long);
  });

  it('places scenes back to back and splits long ones into even segments', () => {
    const planned = planScenes(
      ['Short one.', 'A longer second sentence.'],
      font,
    );
    const scenes = timeScenes(planned, [1, 9]);
    expect(scenes[1].startFrame).toBe(scenes[0].frames);
    const segments = planSegments(scenes);
    expect(segments.every(s => s.frames <= VIDEO.maxSegmentFrames)).toBe(true);
    const total = segments.reduce((sum, s) => sum + s.frames, 0);
    expect(total).toBe(scenes[0].frames + scenes[1].frames);
    const ofSecond = segments.filter(s => s.scene.index === 1);
    expect(ofSecond.length).toBeGreaterThan(1);
    expect(
      Math.max(...ofSecond.map(s => s.frames)) -
        Math.min(...ofSecond.map(s => s.frames)),
    ).toBeLessThanOrEqual(1);
  });

  it('lays caption lines out inside the band', () => {
    const [scene] = timeScenes(planScenes(['Hello there, fox.'], font), [1.5]);
    expect(scene.band).toBe(bandHeight(scene.pages));
    const lines = layoutLines(scene);
    expect(lines).toHaveLength(1);
    expect(lines[0].baseline).toBeGreaterThan(VIDEO.height - scene.band);
    expect(lines[0].baseline).toBeLessThan(VIDEO.height);
    expect(lines[0].start).toBe(0);
    expect(lines[0].end).toBeCloseTo(scene.frames / VIDEO.fps, 5);
  });
});
