import { GENERATOR_VERSION } from '../version';
import { videoResult } from './result';

describe('videoResult', () => {
  it('adds the fixed format to the facts, keys in result.json’s order', () => {
    const result = videoResult({
      durationSeconds: 3.2,
      scenes: 2,
      sizeBytes: 1000,
      sha256: 'a'.repeat(64),
      posterSizeBytes: 100,
      posterSha256: 'b'.repeat(64),
    });
    expect(Object.keys(result)).toEqual([
      'generatorVersion',
      'durationSeconds',
      'sizeBytes',
      'sha256',
      'width',
      'height',
      'fps',
      'scenes',
      'posterSizeBytes',
      'posterSha256',
      'videoCodec',
      'audioCodec',
    ]);
    expect(result).toMatchObject({
      generatorVersion: GENERATOR_VERSION,
      width: 1280,
      height: 720,
      fps: 25,
      videoCodec: 'h264',
      audioCodec: 'aac',
    });
  });
});
