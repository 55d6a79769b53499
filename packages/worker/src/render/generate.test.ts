import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { expectValidOutput } from '../__testUtils__/checks';
import { exifApp1, withSegments } from '../__testUtils__/exif';
import {
  FIXTURES,
  ffmpeg,
  ffprobe,
  fileUri,
  listDir,
  makeTempDir,
  rgbFrame,
  runWorker,
  sha256,
} from '../__testUtils__/worker';
import { GENERATOR_VERSION } from '../version';
import { CAPTIONS, PHOTO, TIMING, VIDEO } from './settings';

// Real ffmpeg/espeak-ng renders; the full fixtures only where they matter.
jest.setTimeout(120_000);

let root: string;

beforeAll(async () => {
  root = await makeTempDir();
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function scriptFile(name: string, text: string): Promise<string> {
  const path = join(root, name);
  await fs.writeFile(path, text);
  return path;
}

async function render(
  photo: string,
  script: string,
  name: string,
  extraArgs: string[] = [],
  env: NodeJS.ProcessEnv = {},
) {
  const out = join(root, name, 'out');
  const tmp = join(root, name, 'tmp');
  await fs.mkdir(tmp, { recursive: true });
  const run = await runWorker(
    [
      'render',
      '--photo',
      fileUri(photo),
      '--script',
      fileUri(script),
      '--out',
      fileUri(out),
      ...extraArgs,
    ],
    { env: { VIDEOGEN_TMPDIR: tmp, ...env } },
  );
  if (run.code !== 0) {
    throw new Error(`worker failed (${run.code}): ${run.stderr}`);
  }
  expect(run.stderr).toBe('');
  return { out, tmp, run };
}

async function wavSeconds(path: string): Promise<number> {
  return Number((await ffprobe(path)).format.duration);
}

describe('rendering the character fixtures', () => {
  it('renders knight.jpg: H.264/AAC 1280x720, as long as the narration, with progress on stdout', async () => {
    const { out, tmp, run } = await render(
      join(FIXTURES, 'knight.jpg'),
      join(FIXTURES, 'knight.txt'),
      'knight',
      [],
      { VIDEOGEN_KEEP_WORKDIR: '1' },
    );
    const result = await expectValidOutput(out, 6);
    expect(result.generatorVersion).toBe(GENERATOR_VERSION);

    // The kept work directory holds each scene's espeak-ng WAV.
    const [work] = await listDir(tmp);
    const wavs = (await listDir(join(tmp, work))).filter(f =>
      /^n\d+\.wav$/.test(f),
    );
    expect(wavs).toHaveLength(6);
    let narration = 0;
    for (const wav of wavs) {
      narration +=
        (await wavSeconds(join(tmp, work, wav))) + TIMING.leadIn + TIMING.tail;
    }
    expect(Math.abs(result.durationSeconds - narration)).toBeLessThan(0.5);

    const stages = run.events
      .filter(e => e.event === 'progress')
      .map(e => e.stage);
    expect([...new Set(stages)]).toEqual([
      'fetch',
      'prepare',
      'narration',
      'render',
      'assemble',
      'publish',
    ]);
    expect(run.events).toContainEqual({
      event: 'progress',
      stage: 'narration',
      done: 6,
      total: 6,
    });
    const done = run.events[run.events.length - 1];
    expect(done).toMatchObject({
      event: 'done',
      sha256: result.sha256,
      outputUri: fileUri(out),
    });
    expect(run.stdout.split('\n').every(line => line.length < 600)).toBe(true);
  });

  // fox.webp + fox.txt are rendered (and checked the same way) by the S3
  // test in io/s3.test.ts, which reads them from s3rver.
  it('renders robot.png (transparent PNG, portrait) and leaves no temporary files', async () => {
    const { out, tmp } = await render(
      join(FIXTURES, 'robot.png'),
      join(FIXTURES, 'robot.txt'),
      'robot',
    );
    await expectValidOutput(out, 6);
    expect(await listDir(tmp)).toEqual([]);
    // No staging directory left next to the output.
    expect(
      (await listDir(join(out, '..'))).filter(f => f.startsWith('.')),
    ).toEqual([]);
  });
});

describe('determinism', () => {
  it('produces byte-identical files for the same inputs, whatever the concurrency', async () => {
    const script = await scriptFile(
      'determinism.txt',
      'The fox ran home. It was late, and the lantern was lit.',
    );
    const photo = join(FIXTURES, 'robot.png');
    const a = await render(photo, script, 'det-a', ['--concurrency', '2']);
    const b = await render(photo, script, 'det-b', ['--concurrency', '1']);
    for (const file of ['video.mp4', 'poster.jpg', 'result.json']) {
      expect(await sha256(join(a.out, file))).toBe(
        await sha256(join(b.out, file)),
      );
    }
    // Rendering again into an existing result replaces it, with the same bytes.
    const again = await render(photo, script, 'det-a', ['--concurrency', '2']);
    expect(again.out).toBe(a.out);
    expect(await sha256(join(a.out, 'video.mp4'))).toBe(
      await sha256(join(b.out, 'video.mp4')),
    );
  });
});

describe('hostile and unusual text', () => {
  it('renders quotes, colons, backslashes, %{...} and $(...) literally and runs nothing', async () => {
    // Short, so espeak-ng does not spend seconds spelling out a temp path.
    const canary = `/tmp/pwned-${process.pid}`;
    const sentence = `He said: "it's 100% done" \\ back\\slash; %{pts} %{localtime} $(touch ${canary}) \`touch ${canary}\` [x], {y}.`;
    const script = await scriptFile('hostile.txt', `${sentence}\n\nDone: 50%!`);
    // A font path that needs filtergraph escaping (quote, comma, colon, brackets).
    const fontDir = join(root, "we'ird, font: [dir]");
    await fs.mkdir(fontDir, { recursive: true });
    await fs.copyFile(
      '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
      join(fontDir, 'DejaVuSans.ttf'),
    );

    const { out, tmp } = await render(
      join(FIXTURES, 'knight.jpg'),
      script,
      'hostile',
      [],
      {
        VIDEOGEN_KEEP_WORKDIR: '1',
        VIDEOGEN_FONT: join(fontDir, 'DejaVuSans.ttf'),
      },
    );
    await expectValidOutput(out, 2);

    const [work] = await listDir(tmp);
    const captionFiles = (await listDir(join(tmp, work))).filter(f =>
      /^c000_/.test(f),
    );
    const lines = await Promise.all(
      captionFiles.map(f => fs.readFile(join(tmp, work, f), 'utf8')),
    );
    expect(lines.join(' ')).toBe(sentence);
    for (const literal of [
      '%{pts}',
      '%{localtime}',
      `$(touch ${canary})`,
      'back\\slash;',
      `"it's 100% done"`,
    ]) {
      expect(lines.join(' ')).toContain(literal);
    }
    const narration = await fs.readFile(join(tmp, work, 'n000.txt'), 'utf8');
    expect(narration).toContain('$(touch');
    await expect(fs.stat(canary)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('survives non-Latin scripts, right-to-left text and emoji', async () => {
    const script = await scriptFile(
      'unicode.txt',
      'Zoë und die Ängste! Привет, мир. مرحبا بالعالم. שלום עולם. 你好世界。 Emoji time 😀🎉👨‍👩‍👧 ❤️ ok.\n\n🦊🦊',
    );
    const { out, tmp } = await render(
      join(FIXTURES, 'fox.webp'),
      script,
      'unicode',
      [],
      {
        VIDEOGEN_KEEP_WORKDIR: '1',
      },
    );
    await expectValidOutput(out, 6);
    const [work] = await listDir(tmp);
    const dir = join(tmp, work);
    const files = await listDir(dir);
    const captions = await Promise.all(
      files
        .filter(f => /^c\d+_/.test(f))
        .map(f => fs.readFile(join(dir, f), 'utf8')),
    );
    const all = captions.join('\n');
    expect(all).toContain('Привет, мир.');
    expect(all).toContain('مرحبا بالعالم.');
    expect(all).toContain('שלום עולם.');
    expect(all).not.toMatch(/\p{Extended_Pictographic}|你/u);
    // The Chinese sentence has no glyphs in DejaVu Sans: narrated, not captioned.
    expect(files).toContain('n004.wav');
    expect(captions.some(c => c.includes('Emoji time ok.'))).toBe(true);
  });
});

describe('photos', () => {
  it('renders a tiny PNG with transparency and a portrait JPEG', async () => {
    const script = await scriptFile('short.txt', 'Hello there.');
    const tiny = join(root, 'tiny.png');
    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      // format=rgba inside the graph: the color source is otherwise
      // negotiated as yuv420p and the alpha lost before -pix_fmt applies.
      'color=c=red@0.5:s=8x8,format=rgba',
      '-frames:v',
      '1',
      tiny,
    ]);
    const portrait = join(root, 'portrait.jpg');
    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'testsrc2=s=300x900',
      '-frames:v',
      '1',
      portrait,
    ]);

    const fromTiny = await expectValidOutput(
      (
        await render(tiny, script, 'tiny')
      ).out,
      1,
    );
    const fromPortrait = await expectValidOutput(
      (
        await render(portrait, script, 'portrait')
      ).out,
      1,
    );
    // Same script, same length; different pictures.
    expect(fromTiny.durationSeconds).toBe(fromPortrait.durationSeconds);
    expect(fromTiny.sha256).not.toBe(fromPortrait.sha256);
  });

  it.each([
    [6, 'blue', 'red'],
    [8, 'red', 'blue'],
  ])(
    'applies EXIF orientation %i (left half %s, right half %s)',
    async (orientation, left, right) => {
      // Stored landscape: red top half, blue bottom half.
      const plain = join(root, `plain-${orientation}.jpg`);
      await ffmpeg([
        '-f',
        'lavfi',
        '-i',
        'color=c=red:s=320x80',
        '-f',
        'lavfi',
        '-i',
        'color=c=blue:s=320x80',
        '-filter_complex',
        '[0][1]vstack',
        '-frames:v',
        '1',
        '-q:v',
        '2',
        plain,
      ]);
      const rotated = join(root, `rotated-${orientation}.jpg`);
      await fs.writeFile(
        rotated,
        withSegments(await fs.readFile(plain), exifApp1(orientation)),
      );
      const script = await scriptFile('hi.txt', 'Hi.');
      const { out } = await render(rotated, script, `exif-${orientation}`);
      await expectValidOutput(out, 1);

      // Upright it is portrait: two vertical stripes in the middle of the poster.
      const frame = await rgbFrame(join(out, 'poster.jpg'), 1280, 720);
      const pixel = (x: number, y: number) => {
        const at = (y * 1280 + x) * 3;
        return { r: frame[at], g: frame[at + 1], b: frame[at + 2] };
      };
      const colour = (p: { r: number; b: number }) => {
        if (p.r > p.b + 80) {
          return 'red';
        }
        return p.b > p.r + 80 ? 'blue' : 'other';
      };
      expect(colour(pixel(560, 300))).toBe(left);
      expect(colour(pixel(720, 300))).toBe(right);
    },
  );

  it('shows the neutral matte behind a fully transparent PNG', async () => {
    // Red with alpha 0: only compositing by alpha, not dropping the alpha
    // channel, turns this into the matte rather than red (or black).
    const clear = join(root, 'clear.png');
    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'color=c=red@0.0:s=320x240,format=rgba',
      '-frames:v',
      '1',
      clear,
    ]);
    // The input really is transparent red (R=255, A=0), not opaque red.
    const rgba = execFileSync('ffmpeg', [
      '-v',
      'error',
      '-i',
      clear,
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgba',
      '-',
    ]);
    expect([...rgba.subarray(0, 4)]).toEqual([255, 0, 0, 0]);
    const script = await scriptFile('clear.txt', 'Nothing to see.');
    const { out } = await render(clear, script, 'clear');
    await expectValidOutput(out, 1);

    const frame = await rgbFrame(join(out, 'poster.jpg'), 1280, 720);
    const at = (360 * 1280 + 640) * 3;
    const centre = [frame[at], frame[at + 1], frame[at + 2]];
    const matte = Number.parseInt(PHOTO.matteColor.slice(2), 16);
    const expected = [(matte >> 16) & 0xff, (matte >> 8) & 0xff, matte & 0xff];
    centre.forEach((channel, i) => {
      expect(Math.abs(channel - expected[i])).toBeLessThanOrEqual(10);
    });
  });
});

describe('captions', () => {
  it('pages a sentence too long for one caption across consecutive timed windows', async () => {
    const sentence =
      'The old knight rode slowly through the silent forest, past the ruined chapel and the frozen river, ' +
      'over the windy hills and under the tall dark pines, until at last he saw the lights of the little ' +
      'village where his journey had begun so many years before.';
    const script = await scriptFile('paging.txt', sentence);
    const { out, tmp } = await render(
      join(FIXTURES, 'knight.jpg'),
      script,
      'paging',
      [],
      { VIDEOGEN_KEEP_WORKDIR: '1' },
    );
    const result = await expectValidOutput(out, 1);
    const [work] = await listDir(tmp);
    const dir = join(tmp, work);

    // Caption files are c<scene>_<page>_<line>.txt: several pages, each
    // within the line limit, together the whole sentence in order.
    const captionFiles = (await listDir(dir)).filter(f =>
      /^c000_\d+_\d+\.txt$/.test(f),
    );
    const pageOf = (f: string) => Number(f.split('_')[1]);
    const lineOf = (f: string) => Number(f.split('_')[2].split('.')[0]);
    captionFiles.sort((a, b) => pageOf(a) - pageOf(b) || lineOf(a) - lineOf(b));
    const pageCount = Math.max(...captionFiles.map(pageOf)) + 1;
    expect(pageCount).toBeGreaterThanOrEqual(2);
    for (let page = 0; page < pageCount; page++) {
      const lines = captionFiles.filter(f => pageOf(f) === page).length;
      expect(lines).toBeGreaterThanOrEqual(1);
      expect(lines).toBeLessThanOrEqual(CAPTIONS.maxLines);
    }
    const texts = await Promise.all(
      captionFiles.map(f => fs.readFile(join(dir, f), 'utf8')),
    );
    expect(texts.join(' ')).toBe(sentence);

    // From the segment commands actually run: when each page's first line
    // is drawn, in seconds from the start of the (only) scene.
    const commands: Array<{ program: string; args: string[] }> = JSON.parse(
      await fs.readFile(join(dir, 'commands.json'), 'utf8'),
    );
    const segments = commands
      .filter(c => /^seg\d+\.mp4$/.test(c.args[c.args.length - 1]))
      .sort((a, b) =>
        a.args[a.args.length - 1] < b.args[b.args.length - 1] ? -1 : 1,
      );
    const shown = new Map<number, Array<[number, number]>>();
    let enableWindows = 0;
    let offset = 0;
    for (const segment of segments) {
      const length =
        Number(segment.args[segment.args.indexOf('-frames:v') + 1]) / VIDEO.fps;
      const graph = segment.args[segment.args.indexOf('-filter_complex') + 1];
      for (const drawtext of graph.split('drawtext=').slice(1)) {
        const file = drawtext.match(/textfile=(c000_\d+_\d+\.txt)/)![1];
        if (lineOf(file) !== 0) {
          continue;
        }
        const enable = drawtext.match(
          /enable=gte\(t\\?,([\d.]+)\)\*lt\(t\\?,([\d.]+)\)/,
        );
        if (enable) {
          enableWindows++;
        }
        const from = enable ? Number(enable[1]) : 0;
        const to = enable ? Math.min(length, Number(enable[2])) : length;
        const windows = shown.get(pageOf(file)) ?? [];
        windows.push([offset + from, offset + to]);
        shown.set(pageOf(file), windows);
      }
      offset += length;
    }
    const sceneSeconds = offset;
    expect(enableWindows).toBeGreaterThanOrEqual(pageCount - 1);
    expect([...shown.keys()].sort()).toEqual(
      Array.from({ length: pageCount }, (_, i) => i),
    );

    // Each page shows for one unbroken stretch; each starts where the one
    // before ends; together they run from the first frame to the last.
    const spans = Array.from({ length: pageCount }, (_, page) => {
      const windows = shown.get(page)!.sort((a, b) => a[0] - b[0]);
      windows.slice(1).forEach(([start], i) => {
        expect(start).toBeCloseTo(windows[i][1], 3);
      });
      return [windows[0][0], windows[windows.length - 1][1]];
    });
    expect(spans[0][0]).toBe(0);
    spans.slice(1).forEach(([start], i) => {
      expect(start).toBeCloseTo(spans[i][1], 3);
      expect(start).toBeGreaterThan(spans[i][0]);
    });
    expect(spans[pageCount - 1][1]).toBeCloseTo(sceneSeconds, 3);

    // Paging does not change the scene length: still the narration's.
    const narration =
      (await wavSeconds(join(dir, 'n000.wav'))) + TIMING.leadIn + TIMING.tail;
    expect(Math.abs(result.durationSeconds - narration)).toBeLessThan(0.5);
    expect(Math.abs(sceneSeconds - result.durationSeconds)).toBeLessThan(0.1);
  });
});
