import {
  captionFilters,
  escapeFilterValue,
  muxArgs,
  segmentArgs,
} from './ffmpegArgs';
import { MOTIONS, num, zoompanExpressions } from './motion';

describe('escapeFilterValue', () => {
  it('escapes for both filtergraph levels', () => {
    expect(escapeFilterValue('/usr/share/fonts/DejaVuSans.ttf')).toBe(
      '/usr/share/fonts/DejaVuSans.ttf',
    );
    expect(escapeFilterValue('a:b')).toBe('a\\\\:b');
    expect(escapeFilterValue("it's")).toBe("it\\\\\\'s");
    expect(escapeFilterValue('a,b;c[d]')).toBe('a\\,b\\;c\\[d\\]');
    expect(escapeFilterValue('back\\slash')).toBe('back\\\\\\\\slash');
  });
});

describe('captionFilters', () => {
  it('reads text from files with expansion off and never embeds it', () => {
    const filters = captionFilters('/fonts/My Font:1.ttf', 100, [
      { file: 'c000_0_0.txt', baseline: 650, from: 0, to: 1.5 },
      { file: 'c000_0_1.txt', baseline: 700 },
    ]);
    expect(filters[0]).toMatch(/^drawbox=/);
    expect(filters[1]).toContain('textfile=c000_0_0.txt');
    expect(filters[1]).toContain('expansion=none');
    expect(filters[1]).toContain('fontfile=/fonts/My Font\\\\:1.ttf');
    expect(filters[1]).toContain('enable=gte(t\\,0)*lt(t\\,1.5)');
    expect(filters[2]).not.toContain('enable=');
    expect(filters[1]).toContain('y=650-ascent');
  });

  it('draws nothing when the caption is empty', () => {
    expect(captionFilters('/f.ttf', 0, [])).toEqual([]);
  });
});

describe('segmentArgs', () => {
  it('encodes with fixed, machine-independent parameters', () => {
    const args = segmentArgs({
      canvasPath: 'canvas.yuv',
      motion: MOTIONS[0],
      offset: 0,
      frames: 50,
      sceneFrames: 100,
      fontPath: '/f.ttf',
      band: 0,
      lines: [],
      outPath: 'seg0000.mp4',
    });
    const value = (flag: string) => args[args.indexOf(flag) + 1];
    expect(value('-threads')).toBe('1');
    expect(value('-c:v')).toBe('libx264');
    expect(value('-pix_fmt')).toBe('yuv420p');
    expect(value('-frames:v')).toBe('50');
    expect(value('-map_metadata')).toBe('-1');
    expect(args.join(' ')).toContain('+bitexact');
    expect(value('-filter_complex')).toContain('zoompan=');
  });
});

describe('muxArgs', () => {
  it('copies video, encodes AAC once and moves the index to the front', () => {
    const args = muxArgs('segments.txt', 'narration.wav', 'video.mp4');
    expect(args[args.indexOf('-c:v') + 1]).toBe('copy');
    expect(args[args.indexOf('-c:a') + 1]).toBe('aac');
    expect(args[args.indexOf('-movflags') + 1]).toBe('+faststart');
    expect(args[args.indexOf('-f') + 1]).toBe('concat');
  });
});

describe('motion', () => {
  it('prints numbers with fixed precision', () => {
    expect(num(1)).toBe('1');
    expect(num(0.1 + 0.2)).toBe('0.3');
    expect(num(-0.000001)).toBe('0');
    expect(num(1.123456789)).toBe('1.12346');
  });

  it('continues the motion across segments of a scene', () => {
    const first = zoompanExpressions(MOTIONS[0], 0, 100);
    const second = zoompanExpressions(MOTIONS[0], 50, 100);
    expect(first.z).toContain('(on+0)/99');
    expect(second.z).toContain('(on+50)/99');
  });

  it('changes direction from one scene to the next', () => {
    const names = MOTIONS.map(m => m.name);
    expect(new Set(names).size).toBe(names.length);
    for (let i = 1; i < MOTIONS.length; i++) {
      expect(MOTIONS[i]).not.toEqual(MOTIONS[i - 1]);
    }
  });
});
