import { S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import {
  InputError,
  ProcessingError,
  WorkerError,
  asCancelled,
  describeErrno,
  oneLine,
  throwIfCancelled,
} from '../errors';
import { findCaptionFont } from '../font/findFont';
import {
  PhotoType,
  describeOtherFormat,
  detectPhotoType,
} from '../image/detect';
import {
  orientationFilters,
  readJpegOrientation,
  swapsAxes,
} from '../image/exif';
import { readInput } from '../io/inputs';
import { OutputFile, checkFileOutput, publish } from '../io/outputs';
import { createS3Client, s3WriteSettings } from '../io/s3';
import {
  ExecError,
  ExecOptions,
  execFile,
  lastMeaningfulLine,
  mentionsNoSpace,
} from '../media/exec';
import { Tools, toolsFromEnv } from '../media/tools';
import { Pcm16, WavFormatError, encodeWav, parseWav } from '../media/wav';
import { ProgressEvent, VideoResult } from '../progress';
import { Limiter, availableCpus } from '../system/cpus';
import { splitSentences } from '../text/sentences';
import { DEFAULT_VOICE } from '../text/unicode';
import { parseInputLocation, parseOutputLocation } from '../uri';
import { GENERATOR_VERSION } from '../version';
import {
  CaptionLine,
  muxArgs,
  posterArgs,
  prepareCanvasArgs,
  probeMediaArgs,
  probePhotoArgs,
  segmentArgs,
} from './ffmpegArgs';
import { motionForScene } from './motion';
import {
  PlannedScene,
  Segment,
  TimedScene,
  layoutLines,
  planScenes,
  planSegments,
  timeScenes,
} from './plan';
import { LIMITS, NARRATION, PHOTO, POSTER, TIMING, VIDEO } from './settings';

/** @public */
export interface GenerateVideoOptions {
  /** `file:///absolute/path` or `s3://bucket/key` of a JPEG, PNG or WebP photo. */
  photoUri: string;
  /** URI of the UTF-8 script. */
  scriptUri: string;
  /** Output prefix: video.mp4, poster.jpg and result.json are written below it. */
  outputUri: string;
  /** Scenes rendered in parallel; defaults to the CPUs available (cgroup-aware). */
  concurrency?: number;
  /** Aborting cancels the job: children are killed, temp files and partial output removed. */
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  /** Environment for tool overrides, S3 settings and the temp directory; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

/** Work directories of the renders in progress in this process. */
const liveWorkDirs = new Set<string>();

/**
 * Removes the work directories of unfinished renders synchronously: the last
 * thing the CLI does when cleanup after a signal hangs and it must end itself
 * without waiting for the event loop.
 */
export function removeWorkDirsNow(): void {
  for (const dir of liveWorkDirs) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Best effort: the process is about to end anyway.
    }
  }
  liveWorkDirs.clear();
}

/** Runs child processes and remembers them, so cleanup can wait for all to exit. */
class Children {
  private readonly running = new Set<Promise<unknown>>();
  /** Every command run, kept with the work directory for debugging and the benchmark. */
  readonly log: Array<{ program: string; args: string[] }> = [];

  constructor(
    private readonly cwd: string,
    private readonly signal: AbortSignal,
  ) {}

  run(program: string, args: string[], options: ExecOptions = {}) {
    this.log.push({ program, args });
    const promise = execFile(program, args, {
      cwd: this.cwd,
      signal: this.signal,
      ...options,
    });
    const tracked = promise.catch(() => undefined);
    this.running.add(tracked);
    tracked.finally(() => this.running.delete(tracked));
    return promise;
  }

  async settle(): Promise<void> {
    while (this.running.size > 0) {
      await Promise.all([...this.running]);
    }
  }
}

/** Turns a failed child process into the one-line reason a person reads. */
function toolFailure(error: unknown, tool: string, doing: string): Error {
  if (error instanceof WorkerError) {
    return error;
  }
  if (error instanceof ExecError) {
    if (error.spawnErrorCode) {
      return new ProcessingError(`${error.message} (needed for ${doing})`);
    }
    if (mentionsNoSpace(error.stderr)) {
      return new ProcessingError(`no space left on device while ${doing}`);
    }
    const line = lastMeaningfulLine(error.stderr);
    return new ProcessingError(
      `${tool} failed while ${doing}: ${oneLine(line || error.message, 300)}`,
    );
  }
  return new ProcessingError(
    `${tool} failed while ${doing}: ${describeErrno(error)}`,
  );
}

async function writeWorkFile(
  path: string,
  data: string | Buffer,
): Promise<void> {
  try {
    await fs.writeFile(path, data);
  } catch (error) {
    throw new ProcessingError(
      `${describeErrno(error)} while writing temporary files`,
      { cause: error },
    );
  }
}

function decodeScript(bytes: Buffer, uri: string): string {
  if (bytes.length === 0) {
    throw new InputError(`script ${uri} is empty`);
  }
  if (
    (bytes[0] === 0xff && bytes[1] === 0xfe) ||
    (bytes[0] === 0xfe && bytes[1] === 0xff)
  ) {
    throw new InputError('script is UTF-16 text; save it as UTF-8');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError('script is not UTF-8 text');
  }
}

export function scriptSentences(text: string): string[] {
  const sentences = splitSentences(text);
  if (sentences.length === 0) {
    throw new InputError(
      'script has nothing to narrate (no letters or digits)',
    );
  }
  if (sentences.length > LIMITS.scenes) {
    throw new InputError(
      `script has ${sentences.length} sentences; at most ${LIMITS.scenes} are supported`,
    );
  }
  return sentences;
}

function checkPhoto(bytes: Buffer, uri: string): PhotoType {
  if (bytes.length === 0) {
    throw new InputError(`photo ${uri} is empty`);
  }
  const type = detectPhotoType(bytes.subarray(0, 32));
  if (!type) {
    const other = describeOtherFormat(bytes.subarray(0, 32));
    throw new InputError(
      `photo is not a JPEG, PNG or WebP image${
        other ? ` (it is ${other})` : ''
      }`,
    );
  }
  return type;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

interface Job {
  env: NodeJS.ProcessEnv;
  tools: Tools;
  work: string;
  children: Children;
  limiter: Limiter;
  signal: AbortSignal;
  progress: (event: ProgressEvent) => void;
}

async function probePhoto(
  job: Job,
  type: PhotoType,
  path: string,
): Promise<{ width: number; height: number }> {
  let stdout: Buffer;
  try {
    ({ stdout } = await job.children.run(
      job.tools.ffprobe,
      probePhotoArgs(type, path),
      { captureStdout: true },
    ));
  } catch (error) {
    if (error instanceof ExecError && !error.spawnErrorCode) {
      const line = lastMeaningfulLine(error.stderr);
      throw new InputError(
        `photo could not be decoded${line ? `: ${oneLine(line, 200)}` : ''}`,
      );
    }
    throw toolFailure(error, 'ffprobe', 'reading the photo');
  }
  const parsed = JSON.parse(stdout.toString('utf8') || '{}') as {
    streams?: Array<{ width?: number; height?: number }>;
  };
  const stream = parsed.streams?.[0];
  if (!stream?.width || !stream?.height) {
    throw new InputError('photo could not be decoded: no image found in it');
  }
  return { width: stream.width, height: stream.height };
}

async function narrate(
  job: Job,
  scene: PlannedScene,
): Promise<Pcm16 | undefined> {
  if (scene.narration.text === '') {
    return undefined;
  }
  const id = String(scene.index).padStart(3, '0');
  const textPath = join(job.work, `n${id}.txt`);
  const wavPath = join(job.work, `n${id}.wav`);
  await writeWorkFile(textPath, scene.narration.text);
  const speak = (voice: string) =>
    job.children.run(job.tools.espeak, [
      '-b',
      '1',
      '-v',
      voice,
      '-s',
      String(NARRATION.speed),
      '-w',
      wavPath,
      '-f',
      textPath,
    ]);
  const doing = `narrating scene ${scene.index + 1}`;
  try {
    try {
      await speak(scene.narration.voice);
    } catch (error) {
      // A voice missing from a slimmed-down espeak-ng install should not fail the job.
      if (
        !(error instanceof ExecError) ||
        error.spawnErrorCode ||
        scene.narration.voice === DEFAULT_VOICE
      ) {
        throw error;
      }
      await speak(DEFAULT_VOICE);
    }
  } catch (error) {
    throw toolFailure(error, 'espeak-ng', doing);
  }
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(wavPath);
  } catch (error) {
    throw new ProcessingError(
      `espeak-ng wrote no audio while ${doing}: ${describeErrno(error)}`,
    );
  }
  try {
    return parseWav(bytes);
  } catch (error) {
    if (error instanceof WavFormatError) {
      throw new ProcessingError(
        `espeak-ng produced unusable audio while ${doing}: ${error.message}`,
      );
    }
    throw error;
  }
}

/**
 * One continuous narration track: each scene's speech placed after its
 * lead-in, silence elsewhere, exactly as long as the video. Built here rather
 * than encoded per segment so AAC priming never creates gaps at cuts.
 */
function assembleNarration(
  scenes: TimedScene[],
  speech: Array<Pcm16 | undefined>,
): Pcm16 {
  const first = speech.find((s): s is Pcm16 => s !== undefined);
  const sampleRate = first?.sampleRate ?? 22050;
  const channels = first?.channels ?? 1;
  for (const pcm of speech) {
    if (pcm && (pcm.sampleRate !== sampleRate || pcm.channels !== channels)) {
      throw new ProcessingError(
        'espeak-ng produced audio in differing formats',
      );
    }
  }
  const totalFrames = scenes.reduce((sum, s) => sum + s.frames, 0);
  const totalSamples = Math.round((totalFrames * sampleRate) / VIDEO.fps);
  const samples = new Int16Array(totalSamples * channels);
  scenes.forEach((scene, i) => {
    const pcm = speech[i];
    if (!pcm) {
      return;
    }
    const start =
      Math.round((scene.startFrame / VIDEO.fps + TIMING.leadIn) * sampleRate) *
      channels;
    const room = Math.max(0, samples.length - start);
    samples.set(pcm.samples.subarray(0, room), start);
  });
  return { sampleRate, channels, samples };
}

function segmentCaptionLines(
  segment: Segment,
  files: Map<string, string>,
): CaptionLine[] {
  const segStart = segment.offset / VIDEO.fps;
  const segEnd = (segment.offset + segment.frames) / VIDEO.fps;
  const lines: CaptionLine[] = [];
  for (const line of layoutLines(segment.scene)) {
    if (line.end <= segStart || line.start >= segEnd) {
      continue;
    }
    const file = files.get(
      `${segment.scene.index}:${line.pageIndex}:${line.lineIndex}`,
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

async function writeCaptionFiles(
  job: Job,
  scenes: TimedScene[],
): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const scene of scenes) {
    for (const line of layoutLines(scene)) {
      const name = `c${String(scene.index).padStart(3, '0')}_${
        line.pageIndex
      }_${line.lineIndex}.txt`;
      // No trailing newline: drawtext would draw it as an empty line.
      await writeWorkFile(join(job.work, name), line.text);
      files.set(`${scene.index}:${line.pageIndex}:${line.lineIndex}`, name);
    }
  }
  return files;
}

async function render(
  job: Job,
  options: { photo: Buffer; photoType: PhotoType; sentences: string[] },
  outputs: { video: string; poster: string; result: string },
): Promise<VideoResult> {
  const { tools, work, children, limiter, progress } = job;

  job.progress({ event: 'progress', stage: 'prepare' });
  const font = await findCaptionFont(job.env);
  const planned = planScenes(options.sentences, font.metrics);

  const photoPath = join(work, 'photo.bin');
  await writeWorkFile(photoPath, options.photo);
  const stored = await probePhoto(job, options.photoType, photoPath);
  if (
    stored.width > PHOTO.maxSide ||
    stored.height > PHOTO.maxSide ||
    stored.width * stored.height > PHOTO.maxPixels
  ) {
    throw new InputError(
      `photo is too large (${stored.width}×${stored.height}; at most ${PHOTO.maxSide} pixels a side)`,
    );
  }
  const orientation =
    options.photoType === 'jpeg' ? readJpegOrientation(options.photo) : 1;
  const upright = swapsAxes(orientation)
    ? { width: stored.height, height: stored.width }
    : stored;

  const canvasPath = join(work, 'canvas.yuv');
  const canvasDone = limiter.run(() =>
    children
      .run(
        tools.ffmpeg,
        prepareCanvasArgs({
          type: options.photoType,
          photoPath: 'photo.bin',
          width: upright.width,
          height: upright.height,
          orientation: orientationFilters(orientation),
          outPath: 'canvas.yuv',
        }),
      )
      .catch(error => {
        throw toolFailure(error, 'ffmpeg', 'preparing the photo');
      }),
  );
  // Awaited below; until then a failure must not count as unhandled.
  canvasDone.catch(() => undefined);

  let narrated = 0;
  progress({
    event: 'progress',
    stage: 'narration',
    done: 0,
    total: planned.length,
  });
  const speech = await Promise.all(
    planned.map(scene =>
      limiter.run(async () => {
        const pcm = await narrate(job, scene);
        narrated++;
        progress({
          event: 'progress',
          stage: 'narration',
          done: narrated,
          total: planned.length,
        });
        return pcm;
      }),
    ),
  );
  const scenes = timeScenes(
    planned,
    speech.map(pcm =>
      pcm ? pcm.samples.length / pcm.channels / pcm.sampleRate : 0,
    ),
  );
  const captionFiles = await writeCaptionFiles(job, scenes);
  await canvasDone;
  const canvasSize = (await fs.stat(canvasPath).catch(() => undefined))?.size;
  if (canvasSize !== (VIDEO.canvasWidth * VIDEO.canvasHeight * 3) / 2) {
    throw new ProcessingError(
      'ffmpeg failed while preparing the photo: it produced no image',
    );
  }

  const segments = planSegments(scenes);
  let rendered = 0;
  progress({
    event: 'progress',
    stage: 'render',
    done: 0,
    total: segments.length,
  });
  const segmentFiles = await Promise.all(
    segments.map(segment =>
      limiter.run(async () => {
        throwIfCancelled(job.signal);
        const name = `seg${String(segment.index).padStart(4, '0')}.mp4`;
        const args = segmentArgs({
          canvasPath: 'canvas.yuv',
          motion: motionForScene(segment.scene.index),
          offset: segment.offset,
          frames: segment.frames,
          sceneFrames: segment.scene.frames,
          fontPath: font.path,
          band: segment.scene.band,
          lines: segmentCaptionLines(segment, captionFiles),
          outPath: name,
        });
        try {
          await children.run(tools.ffmpeg, args);
        } catch (error) {
          throw toolFailure(
            error,
            'ffmpeg',
            `rendering scene ${segment.scene.index + 1}`,
          );
        }
        rendered++;
        progress({
          event: 'progress',
          stage: 'render',
          done: rendered,
          total: segments.length,
        });
        return name;
      }),
    ),
  );

  progress({ event: 'progress', stage: 'assemble' });
  await writeWorkFile(
    join(work, 'narration.wav'),
    encodeWav(assembleNarration(scenes, speech)),
  );
  await writeWorkFile(
    join(work, 'segments.txt'),
    segmentFiles.map(f => `file '${f}'\n`).join(''),
  );
  const posterAt = Math.min(
    POSTER.atSeconds,
    (segments[0].frames - 1) / VIDEO.fps,
  );
  await Promise.all([
    limiter.run(() =>
      children
        .run(
          tools.ffmpeg,
          muxArgs('segments.txt', 'narration.wav', outputs.video),
        )
        .catch(error => {
          throw toolFailure(error, 'ffmpeg', 'assembling the video');
        }),
    ),
    limiter.run(() =>
      children
        .run(
          tools.ffmpeg,
          posterArgs(segmentFiles[0], posterAt, outputs.poster),
        )
        .catch(error => {
          throw toolFailure(error, 'ffmpeg', 'making the poster');
        }),
    ),
  ]);

  let probe: {
    format?: { duration?: string };
    streams?: Array<{ codec_type?: string; codec_name?: string }>;
  };
  try {
    const { stdout } = await children.run(
      tools.ffprobe,
      probeMediaArgs(outputs.video),
      { captureStdout: true },
    );
    probe = JSON.parse(stdout.toString('utf8'));
  } catch (error) {
    throw toolFailure(error, 'ffprobe', 'checking the video');
  }
  const codecs = (probe.streams ?? []).map(
    s => `${s.codec_type}:${s.codec_name}`,
  );
  if (!codecs.includes('video:h264') || !codecs.includes('audio:aac')) {
    throw new ProcessingError(
      `the assembled video is incomplete (streams: ${
        codecs.join(', ') || 'none'
      })`,
    );
  }

  const [videoStat, posterStat, sha256, posterSha256] = await Promise.all([
    fs.stat(outputs.video),
    fs.stat(outputs.poster),
    sha256File(outputs.video),
    sha256File(outputs.poster),
  ]);
  const result: VideoResult = {
    generatorVersion: GENERATOR_VERSION,
    durationSeconds:
      Math.round(Number(probe.format?.duration ?? 0) * 1000) / 1000,
    sizeBytes: videoStat.size,
    sha256,
    width: VIDEO.width,
    height: VIDEO.height,
    fps: VIDEO.fps,
    scenes: scenes.length,
    posterSizeBytes: posterStat.size,
    posterSha256,
    videoCodec: 'h264',
    audioCodec: 'aac',
  };
  await writeWorkFile(outputs.result, `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

/**
 * Renders a narrated video from a photo and a script and writes
 * `video.mp4`, `poster.jpg` and `result.json` below the output prefix, or
 * nothing at all if anything fails.
 *
 * @public
 */
export async function generateVideo(
  options: GenerateVideoOptions,
): Promise<VideoResult> {
  const env = options.env ?? process.env;
  const outer = options.signal;
  throwIfCancelled(outer);
  const photoLocation = parseInputLocation(options.photoUri, 'photo');
  const scriptLocation = parseInputLocation(options.scriptUri, 'script');
  const outputLocation = parseOutputLocation(options.outputUri);
  const concurrency = Math.max(1, options.concurrency ?? availableCpus());
  const progress = (event: ProgressEvent) => options.onProgress?.(event);

  let s3: S3Client | undefined;
  const getS3 = () => (s3 ??= createS3Client(env));
  if (outputLocation.kind === 'file') {
    // Fail before the expensive part if the result could not be written.
    await checkFileOutput(outputLocation);
  }

  const tmpRoot = env.VIDEOGEN_TMPDIR?.trim() || os.tmpdir();
  let work: string;
  try {
    work = await fs.mkdtemp(join(tmpRoot, 'videogen-'));
    liveWorkDirs.add(work);
  } catch (error) {
    throw new ProcessingError(
      `cannot create a temporary directory in ${tmpRoot}: ${describeErrno(
        error,
      )}`,
    );
  }

  // Aborted on the caller's cancellation and on the first failure, so
  // sibling ffmpeg processes stop instead of finishing useless work.
  const internal = new AbortController();
  const forward = () => internal.abort(outer?.reason);
  outer?.addEventListener('abort', forward, { once: true });
  const children = new Children(work, internal.signal);
  const job: Job = {
    env,
    tools: toolsFromEnv(env),
    work,
    children,
    limiter: new Limiter(concurrency),
    signal: internal.signal,
    progress,
  };

  try {
    progress({ event: 'progress', stage: 'fetch' });
    const [scriptBytes, photo] = await Promise.all([
      readInput(scriptLocation, {
        what: 'script',
        maxBytes: LIMITS.scriptBytes,
        s3: getS3,
        signal: internal.signal,
      }),
      readInput(photoLocation, {
        what: 'photo',
        maxBytes: LIMITS.photoBytes,
        s3: getS3,
        signal: internal.signal,
      }),
    ]);
    const sentences = scriptSentences(
      decodeScript(scriptBytes, scriptLocation.uri),
    );
    const photoType = checkPhoto(photo, photoLocation.uri);

    const outDir = join(work, 'out');
    await fs.mkdir(outDir);
    const outputs = {
      video: join(outDir, 'video.mp4'),
      poster: join(outDir, 'poster.jpg'),
      result: join(outDir, 'result.json'),
    };
    const result = await render(job, { photo, photoType, sentences }, outputs);

    throwIfCancelled(internal.signal);
    progress({ event: 'progress', stage: 'publish' });
    const files: OutputFile[] = [
      { name: 'video.mp4', path: outputs.video, contentType: 'video/mp4' },
      { name: 'poster.jpg', path: outputs.poster, contentType: 'image/jpeg' },
      {
        name: 'result.json',
        path: outputs.result,
        contentType: 'application/json',
      },
    ];
    await publish(outputLocation, files, {
      s3: getS3,
      s3Settings: s3WriteSettings(env),
      signal: internal.signal,
    });
    return result;
  } catch (error) {
    if (outer?.aborted) {
      throw asCancelled(outer.reason);
    }
    throw error;
  } finally {
    internal.abort();
    outer?.removeEventListener('abort', forward);
    await children.settle();
    if (/^(1|true|yes)$/i.test(env.VIDEOGEN_KEEP_WORKDIR ?? '')) {
      await fs
        .writeFile(
          join(work, 'commands.json'),
          JSON.stringify(children.log, null, 1),
        )
        .catch(() => undefined);
    } else {
      await fs
        .rm(work, { recursive: true, force: true, maxRetries: 3 })
        .catch(() => undefined);
    }
    liveWorkDirs.delete(work);
    s3?.destroy();
  }
}
