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
import { TIMING } from './settings';

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
      'color=c=red@0.5:s=8x8',
      '-frames:v',
      '1',
      '-pix_fmt',
      'rgba',
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
});
