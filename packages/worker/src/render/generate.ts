import { S3Client } from '@aws-sdk/client-s3';
import { asCancelled, throwIfCancelled } from '../errors';
import { findCaptionFont } from '../font/findFont';
import { checkFileOutput } from '../io/outputs';
import { createS3Client, s3WriteSettings } from '../io/s3';
import { toolsFromEnv } from '../media/tools';
import { ProgressEvent, VideoResult } from '../progress';
import { Limiter, availableCpus } from '../system/cpus';
import { parseInputLocation, parseOutputLocation } from '../uri';
import { startCanvas } from './canvas';
import { writeCaptionFiles } from './captions';
import { Children } from './children';
import { fetchInputs } from './fetchInputs';
import { Job, RenderInputs, RenderOutputs } from './job';
import { muxAndPoster } from './muxAndPoster';
import { narrateScenes, spokenSeconds } from './narration';
import { prepareOutputs, publishOutputs } from './outputFiles';
import { planScenes, planSegments, timeScenes } from './plan';
import { writeResult } from './result';
import { renderSegments } from './segments';
import { hashOutputs, verifyVideo } from './verifyAndHash';
import { createWorkDir, releaseWorkDir } from './workDirs';

export { scriptSentences } from './fetchInputs';
export { removeWorkDirsNow } from './workDirs';

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

/** The render proper: from checked inputs to the three files in `outputs`. */
async function render(
  job: Job,
  inputs: RenderInputs,
  outputs: RenderOutputs,
): Promise<VideoResult> {
  job.progress({ event: 'progress', stage: 'prepare' });
  const font = await findCaptionFont(job.env);
  const planned = planScenes(inputs.sentences, font.metrics);
  // The canvas is prepared while the narration is spoken.
  const canvas = await startCanvas(job, inputs);

  const speech = await narrateScenes(job, planned);
  const scenes = timeScenes(planned, speech.map(spokenSeconds));
  const captions = await writeCaptionFiles(job, scenes);
  await canvas.ready();

  const segments = planSegments(scenes);
  const segmentFiles = await renderSegments(job, segments, font, captions);

  job.progress({ event: 'progress', stage: 'assemble' });
  await muxAndPoster(job, { scenes, speech, segments, segmentFiles }, outputs);
  const durationSeconds = await verifyVideo(job, outputs.video);
  const digests = await hashOutputs(outputs);
  return writeResult(outputs.result, {
    durationSeconds,
    scenes: scenes.length,
    ...digests,
  });
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
  const work = await createWorkDir(env);

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
    const inputs = await fetchInputs(
      { script: scriptLocation, photo: photoLocation },
      { s3: getS3, signal: internal.signal },
    );
    const outputs = await prepareOutputs(work);
    const result = await render(job, inputs, outputs);

    throwIfCancelled(internal.signal);
    progress({ event: 'progress', stage: 'publish' });
    await publishOutputs(outputLocation, outputs, {
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
    await releaseWorkDir(work, env, children.log);
    s3?.destroy();
  }
}
