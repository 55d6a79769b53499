import { VideoResult } from '../progress';
import { GENERATOR_VERSION } from '../version';
import { VIDEO } from './settings';
import { OutputDigests } from './verifyAndHash';
import { writeWorkFile } from './workFiles';

/** What the render learned about its video, beyond the fixed format. */
export interface RenderFacts extends OutputDigests {
  durationSeconds: number;
  scenes: number;
}

/** The result.json contents; its key order is part of the byte-identical output. */
export function videoResult(facts: RenderFacts): VideoResult {
  return {
    generatorVersion: GENERATOR_VERSION,
    durationSeconds: facts.durationSeconds,
    sizeBytes: facts.sizeBytes,
    sha256: facts.sha256,
    width: VIDEO.width,
    height: VIDEO.height,
    fps: VIDEO.fps,
    scenes: facts.scenes,
    posterSizeBytes: facts.posterSizeBytes,
    posterSha256: facts.posterSha256,
    videoCodec: 'h264',
    audioCodec: 'aac',
  };
}

export async function writeResult(
  path: string,
  facts: RenderFacts,
): Promise<VideoResult> {
  const result = videoResult(facts);
  await writeWorkFile(path, `${JSON.stringify(result, null, 2)}\n`);
  return result;
}
