import { S3Client } from '@aws-sdk/client-s3';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { OutputFile, publish } from '../io/outputs';
import { S3WriteSettings } from '../io/s3';
import { Location } from '../uri';
import { RenderOutputs } from './job';

/**
 * Makes the directory inside the work directory where the render writes its
 * results; they are published from there only once all exist.
 */
export async function prepareOutputs(work: string): Promise<RenderOutputs> {
  const outDir = join(work, 'out');
  await fs.mkdir(outDir);
  return {
    video: join(outDir, 'video.mp4'),
    poster: join(outDir, 'poster.jpg'),
    result: join(outDir, 'result.json'),
  };
}

/** Copies or uploads the three results below the output prefix, all or nothing. */
export async function publishOutputs(
  location: Location,
  outputs: RenderOutputs,
  options: {
    s3: () => S3Client;
    s3Settings: S3WriteSettings;
    signal: AbortSignal;
  },
): Promise<void> {
  const files: OutputFile[] = [
    { name: 'video.mp4', path: outputs.video, contentType: 'video/mp4' },
    { name: 'poster.jpg', path: outputs.poster, contentType: 'image/jpeg' },
    {
      name: 'result.json',
      path: outputs.result,
      contentType: 'application/json',
    },
  ];
  await publish(location, files, options);
}
