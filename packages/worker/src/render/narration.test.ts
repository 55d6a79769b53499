import { Pcm16 } from '../media/wav';
import { assembleNarration, spokenSeconds } from './narration';
import { TimedScene } from './plan';
import { TIMING, VIDEO } from './settings';

/** Only what the track assembly reads of a scene. */
function scene(startFrame: number, frames: number): TimedScene {
  return { startFrame, frames } as TimedScene;
}

function pcm(values: number[], sampleRate = 1000, channels = 1): Pcm16 {
  return { sampleRate, channels, samples: Int16Array.from(values) };
}

describe('assembleNarration', () => {
  it('places each scene’s speech after its lead-in, silence elsewhere, as long as the video', () => {
    const scenes = [scene(0, VIDEO.fps), scene(VIDEO.fps, VIDEO.fps)];
    const track = assembleNarration(scenes, [pcm([1, 2]), pcm([3])]);
    expect(track.sampleRate).toBe(1000);
    expect(track.channels).toBe(1);
    expect(track.samples).toHaveLength(2000);
    const leadIn = Math.round(TIMING.leadIn * 1000);
    expect(Array.from(track.samples.subarray(leadIn - 1, leadIn + 3))).toEqual([
      0, 1, 2, 0,
    ]);
    expect(track.samples[1000 + leadIn]).toBe(3);
    expect(track.samples.reduce((sum, s) => sum + s, 0)).toBe(6);
  });

  it('cuts speech that would run past the end of the video', () => {
    const tooLong = pcm(new Array(5000).fill(7));
    const track = assembleNarration([scene(0, VIDEO.fps)], [tooLong]);
    expect(track.samples).toHaveLength(1000);
    expect(track.samples[999]).toBe(7);
  });

  it('is silence at espeak-ng’s rate when no scene speaks', () => {
    const track = assembleNarration([scene(0, VIDEO.fps)], [undefined]);
    expect(track.sampleRate).toBe(22050);
    expect(track.channels).toBe(1);
    expect(track.samples.every(s => s === 0)).toBe(true);
  });

  it('refuses speech in differing formats', () => {
    expect(() =>
      assembleNarration(
        [scene(0, VIDEO.fps), scene(VIDEO.fps, VIDEO.fps)],
        [pcm([1]), pcm([1], 22050)],
      ),
    ).toThrow('espeak-ng produced audio in differing formats');
  });
});

describe('spokenSeconds', () => {
  it('is the speech’s length, 0 for a silent scene', () => {
    expect(spokenSeconds(pcm([0, 0, 0, 0], 2, 2))).toBe(1);
    expect(spokenSeconds(undefined)).toBe(0);
  });
});
