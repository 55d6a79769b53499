import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { ffprobe, sha256 } from './worker';

/**
 * Checks an output directory against the worker contract and returns the
 * parsed result.json.
 */
export async function expectValidOutput(dir: string, scenes: number) {
  expect((await fs.readdir(dir)).sort()).toEqual([
    'poster.jpg',
    'result.json',
    'video.mp4',
  ]);
  const result = JSON.parse(
    await fs.readFile(join(dir, 'result.json'), 'utf8'),
  );
  const video = join(dir, 'video.mp4');
  const poster = join(dir, 'poster.jpg');

  const probe = await ffprobe(video);
  const videoStream = probe.streams.find(s => s.codec_type === 'video');
  const audioStream = probe.streams.find(s => s.codec_type === 'audio');
  expect(videoStream).toMatchObject({
    codec_name: 'h264',
    width: 1280,
    height: 720,
    pix_fmt: 'yuv420p',
  });
  expect(audioStream).toMatchObject({ codec_name: 'aac' });
  expect(probe.format.format_name).toContain('mp4');
  const duration = Number(probe.format.duration);
  // Audio and video end together (the narration track is built to length).
  expect(
    Math.abs(Number(audioStream!.duration) - Number(videoStream!.duration)),
  ).toBeLessThan(0.1);

  const posterBytes = await fs.readFile(poster);
  expect([...posterBytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  const posterProbe = await ffprobe(poster);
  expect(posterProbe.streams[0]).toMatchObject({
    codec_name: 'mjpeg',
    width: 1280,
    height: 720,
  });

  expect(result).toEqual({
    generatorVersion: expect.stringMatching(/^\d+\.\d+\.\d+$/),
    durationSeconds: expect.any(Number),
    sizeBytes: (await fs.stat(video)).size,
    sha256: await sha256(video),
    width: 1280,
    height: 720,
    fps: 25,
    scenes,
    posterSizeBytes: posterBytes.length,
    posterSha256: await sha256(poster),
    videoCodec: 'h264',
    audioCodec: 'aac',
  });
  expect(Math.abs(result.durationSeconds - duration)).toBeLessThan(0.01);
  return result as {
    durationSeconds: number;
    sha256: string;
    generatorVersion: string;
  };
}
