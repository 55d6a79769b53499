import { z } from 'zod';
import { ObjectStorage, storageKeys } from '../storage';

const resultSchema = z.object({
  generatorVersion: z.string().optional(),
  durationSeconds: z.number().nonnegative(),
  sizeBytes: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  posterSizeBytes: z.number().int().nonnegative().optional(),
});

/** The generator's result.json, as far as the backend keeps it. */
export type GeneratorResult = {
  durationSeconds: number;
  sizeBytes: number;
  sha256: string;
  width?: number;
  height?: number;
  posterSizeBytes?: number;
};

/** Why a finished job's outputs are not usable. */
export class IncompleteResultError extends Error {}

async function readSmall(
  storage: ObjectStorage,
  key: string,
  maxBytes: number,
): Promise<Buffer | undefined> {
  const stream = await storage.read(key);
  if (!stream) {
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > maxBytes) {
      stream.destroy();
      throw new IncompleteResultError(
        `${key} is larger than ${maxBytes} bytes`,
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads and checks the generator's result.json for a video, and that the
 * video it describes is there with the size it claims.
 */
export async function readGeneratorResult(
  storage: ObjectStorage,
  videoId: string,
): Promise<GeneratorResult> {
  const raw = await readSmall(storage, storageKeys.result(videoId), 64 * 1024);
  if (!raw) {
    throw new IncompleteResultError(
      'The generator finished without writing result.json.',
    );
  }
  let parsed: z.infer<typeof resultSchema>;
  try {
    parsed = resultSchema.parse(JSON.parse(raw.toString('utf8')));
  } catch {
    throw new IncompleteResultError(
      'The generator wrote a result.json the backend cannot read.',
    );
  }
  const video = await storage.head(storageKeys.video(videoId));
  if (!video) {
    throw new IncompleteResultError(
      'The generator finished without writing video.mp4.',
    );
  }
  if (video.sizeBytes !== parsed.sizeBytes) {
    throw new IncompleteResultError(
      `video.mp4 is ${video.sizeBytes} bytes but result.json says ${parsed.sizeBytes}.`,
    );
  }
  return parsed;
}
