import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { ProcessingError } from '../errors';
import { probeMediaArgs } from './ffmpegArgs';
import { Job, RenderOutputs } from './job';
import { toolFailure } from './toolFailure';

/** The parts of ffprobe's JSON the check reads. */
export interface MediaProbe {
  format?: { duration?: string };
  streams?: Array<{ codec_type?: string; codec_name?: string }>;
}

/** Sizes and SHA-256 digests of the video and the poster. */
export interface OutputDigests {
  sizeBytes: number;
  sha256: string;
  posterSizeBytes: number;
  posterSha256: string;
}

/**
 * Probes the assembled video and checks it has both an H.264 and an AAC
 * stream. Returns its duration in seconds, to the millisecond.
 */
export async function verifyVideo(
  job: Job,
  videoPath: string,
): Promise<number> {
  let probe: MediaProbe;
  try {
    const { stdout } = await job.children.run(
      job.tools.ffprobe,
      probeMediaArgs(videoPath),
      { captureStdout: true },
    );
    probe = JSON.parse(stdout.toString('utf8'));
  } catch (error) {
    throw toolFailure(error, 'ffprobe', 'checking the video');
  }
  return checkedDuration(probe);
}

/** Throws unless the probe shows H.264 video and AAC audio; returns the duration. */
export function checkedDuration(probe: MediaProbe): number {
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
  return Math.round(Number(probe.format?.duration ?? 0) * 1000) / 1000;
}

export async function hashOutputs(
  outputs: Pick<RenderOutputs, 'video' | 'poster'>,
): Promise<OutputDigests> {
  const [videoStat, posterStat, sha256, posterSha256] = await Promise.all([
    fs.stat(outputs.video),
    fs.stat(outputs.poster),
    sha256File(outputs.video),
    sha256File(outputs.poster),
  ]);
  return {
    sizeBytes: videoStat.size,
    sha256,
    posterSizeBytes: posterStat.size,
    posterSha256,
  };
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}
