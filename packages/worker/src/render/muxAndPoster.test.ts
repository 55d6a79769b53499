import { concatList, posterSeconds } from './muxAndPoster';
import { POSTER, VIDEO } from './settings';

describe('concatList', () => {
  it('lists the segments in order, one concat directive a line', () => {
    expect(concatList(['seg0000.mp4', 'seg0001.mp4'])).toBe(
      "file 'seg0000.mp4'\nfile 'seg0001.mp4'\n",
    );
  });
});

describe('posterSeconds', () => {
  it('takes the poster at its usual moment, or the last frame of a shorter first segment', () => {
    expect(posterSeconds({ frames: VIDEO.maxSegmentFrames })).toBe(
      POSTER.atSeconds,
    );
    expect(posterSeconds({ frames: 11 })).toBe(10 / VIDEO.fps);
  });
});
