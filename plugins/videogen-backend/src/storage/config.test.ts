import { ConfigReader } from '@backstage/config';
import { readStorageConfig } from './config';

describe('readStorageConfig', () => {
  it('has local defaults that need no config at all', () => {
    expect(
      readStorageConfig(new ConfigReader({}), { cwd: '/srv/backstage' }),
    ).toEqual({
      mode: 'local',
      dataDir: '/srv/backstage/.data',
      s3: undefined,
      s3Connection: { forcePathStyle: false, presignExpirySeconds: 300 },
      staleUploadAgeMs: 3_600_000,
    });
  });

  it('resolves a relative dataDir against the working directory', () => {
    expect(
      readStorageConfig(
        new ConfigReader({ videogen: { dataDir: '../../.data' } }),
        { cwd: '/repo/packages/backend' },
      ).dataDir,
    ).toBe('/repo/.data');
  });

  it('reads the S3 keys', () => {
    const config = readStorageConfig(
      new ConfigReader({
        videogen: {
          mode: 'aws',
          storage: {
            s3: {
              uploadsBucket: 'u',
              videosBucket: 'v',
              kmsKeyId: 'alias/k',
              forcePathStyle: true,
            },
          },
        },
      }),
    );
    expect(config).toMatchObject({
      mode: 'aws',
      s3: {
        uploadsBucket: 'u',
        videosBucket: 'v',
        kmsKeyId: 'alias/k',
        forcePathStyle: true,
        presignExpirySeconds: 300,
      },
    });
  });

  it('reads the presign expiry as a duration of whole seconds', () => {
    const s3 = { uploadsBucket: 'u', videosBucket: 'v' };
    const read = (presignExpiry: unknown) =>
      readStorageConfig(
        new ConfigReader({
          videogen: { storage: { s3: { ...s3, presignExpiry } } },
        } as any),
      ).s3?.presignExpirySeconds;
    expect(read({ minutes: 10 })).toBe(600);
    expect(read('90s')).toBe(90);
    expect(() => read('1500ms')).toThrow(/whole number of seconds/);
    expect(() => read({ milliseconds: 10 })).toThrow(/presignExpiry/);
  });

  it('needs no buckets in aws mode: environments bring their own (Terraform outputs)', () => {
    const config = readStorageConfig(
      new ConfigReader({
        videogen: {
          mode: 'aws',
          storage: { s3: { endpoint: 'http://s3.test', forcePathStyle: true } },
        },
      }),
    );
    expect(config.s3).toBeUndefined();
    expect(config.s3Connection).toEqual({
      endpoint: 'http://s3.test',
      forcePathStyle: true,
      presignExpirySeconds: 300,
    });
  });

  it.each([
    [{ mode: 'cloud' }, /videogen.mode/],
    [
      { mode: 'aws', storage: { s3: { uploadsBucket: 'u' } } },
      /set both uploadsBucket and videosBucket/,
    ],
    [{ storage: { s3: { videosBucket: 'v' } } }, /uploadsBucket/],
  ])('refuses %j with a pointer to the key', (videogen, message) => {
    expect(() => readStorageConfig(new ConfigReader({ videogen }))).toThrow(
      message,
    );
  });
});
