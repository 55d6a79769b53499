import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { ProcessingError, describeErrno } from '../errors';
import { ExecError } from '../media/exec';
import {
  Pcm16,
  WavFormatError,
  parseWav,
  pcmDurationSeconds,
} from '../media/wav';
import { DEFAULT_VOICE } from '../text/unicode';
import { Job } from './job';
import { PlannedScene, TimedScene } from './plan';
import { NARRATION, TIMING, VIDEO } from './settings';
import { toolFailure } from './toolFailure';
import { writeWorkFile } from './workFiles';

/**
 * Speaks every scene's sentence, in parallel up to the job's limit, reporting
 * progress as each finishes. A scene with nothing to say gets `undefined`.
 */
export async function narrateScenes(
  job: Job,
  planned: PlannedScene[],
): Promise<Array<Pcm16 | undefined>> {
  let narrated = 0;
  job.progress({
    event: 'progress',
    stage: 'narration',
    done: 0,
    total: planned.length,
  });
  return Promise.all(
    planned.map(scene =>
      job.limiter.run(async () => {
        const pcm = await narrate(job, scene);
        narrated++;
        job.progress({
          event: 'progress',
          stage: 'narration',
          done: narrated,
          total: planned.length,
        });
        return pcm;
      }),
    ),
  );
}

/** How long a scene's narration is spoken, 0 for a silent scene. */
export function spokenSeconds(pcm: Pcm16 | undefined): number {
  return pcm ? pcmDurationSeconds(pcm) : 0;
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
export function assembleNarration(
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
