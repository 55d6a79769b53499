import { ConfigReader } from '@backstage/config';
import { readVideosConfig } from './config';

describe('readVideosConfig', () => {
  it('has the default upload limits', () => {
    expect(readVideosConfig(new ConfigReader({}))).toEqual({
      limits: {
        maxPhotoBytes: 20 * 1024 * 1024,
        maxPhotoPixels: 40_000_000,
        maxScriptCharacters: 5000,
      },
      generatorVersion: undefined,
    });
  });

  it('reads the generator version', () => {
    expect(
      readVideosConfig(
        new ConfigReader({ videogen: { generator: { version: ' 1.2.3 ' } } }),
      ).generatorVersion,
    ).toBe('1.2.3');
  });

  it.each([
    [{ limits: { maxPhotoBytes: 0 } }, /maxPhotoBytes/],
    [{ limits: { maxScriptCharacters: 1.5 } }, /whole number/],
  ])('refuses %j with a pointer to the key', (videogen, message) => {
    expect(() => readVideosConfig(new ConfigReader({ videogen }))).toThrow(
      message,
    );
  });
});
