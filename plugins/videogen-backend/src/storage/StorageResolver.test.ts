import { S3Client } from '@aws-sdk/client-s3';
import { ConflictError } from '@backstage/errors';
import { bucketsOfEnvironment, StorageEnvironment } from './environmentBuckets';
import { EnvironmentS3Storages } from './StorageResolver';

const fallback = {
  uploadsBucket: 'cfg-uploads',
  videosBucket: 'cfg-videos',
  kmsKeyId: 'alias/cfg',
  region: 'us-east-1',
  forcePathStyle: false,
  presignExpirySeconds: 300,
};

/** Outputs as `terraform output -json` prints them. */
const tf = (values: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(values).map(([name, value]) => [
      name,
      { value, type: 'string', sensitive: false },
    ]),
  );

describe('bucketsOfEnvironment', () => {
  const env = (outputs: Record<string, unknown>): StorageEnvironment => ({
    name: 'a',
    region: 'eu-west-1',
    outputs,
  });

  it("takes the environment's own buckets from its outputs, in its region", () => {
    expect(
      bucketsOfEnvironment(
        'a',
        env(
          tf({
            uploads_bucket: 'a-uploads',
            videos_bucket: 'a-videos',
            storage_kms_key_arn: 'arn:aws:kms:eu-west-1:1:key/k',
          }),
        ),
        fallback,
      ),
    ).toEqual({
      source: 'outputs',
      region: 'eu-west-1',
      uploadsBucket: 'a-uploads',
      videosBucket: 'a-videos',
      kmsKeyId: 'arn:aws:kms:eu-west-1:1:key/k',
    });
  });

  it('reads bucket names from the ARN outputs too', () => {
    expect(
      bucketsOfEnvironment(
        'a',
        env({
          uploads_bucket_arn: 'arn:aws:s3:::a-up',
          videos_bucket_arn: 'arn:aws:s3:::a-vid',
        }),
        undefined,
      ),
    ).toMatchObject({ uploadsBucket: 'a-up', videosBucket: 'a-vid' });
  });

  it('falls back to the configured buckets for an environment without outputs', () => {
    expect(bucketsOfEnvironment('a', env({}), fallback)).toMatchObject({
      source: 'config',
      uploadsBucket: 'cfg-uploads',
      videosBucket: 'cfg-videos',
      kmsKeyId: 'alias/cfg',
      region: 'us-east-1',
    });
  });

  it('refuses (409) an environment with neither outputs nor configured buckets, naming the outputs', () => {
    expect(() => bucketsOfEnvironment('a', env({}), undefined)).toThrow(
      ConflictError,
    );
    expect(() => bucketsOfEnvironment('a', env({}), undefined)).toThrow(
      'Environment "a" has no storage buckets: its Terraform outputs lack uploads_bucket and videos_bucket',
    );
  });

  it("never mixes half of an environment's outputs with the configured buckets", () => {
    expect(() =>
      bucketsOfEnvironment('a', env(tf({ uploads_bucket: 'a-up' })), fallback),
    ).toThrow('its Terraform outputs lack videos_bucket.');
  });
});

describe('EnvironmentS3Storages', () => {
  it('caches an adapter per environment buckets and makes a new one when the outputs change', async () => {
    const environments = new Map<string, StorageEnvironment>([
      [
        'a',
        {
          name: 'a',
          region: 'eu-west-1',
          outputs: tf({ uploads_bucket: 'a-up', videos_bucket: 'a-vid' }),
        },
      ],
      [
        'b',
        {
          name: 'b',
          region: 'us-west-2',
          outputs: tf({ uploads_bucket: 'b-up', videos_bucket: 'b-vid' }),
        },
      ],
    ]);
    const regions: Array<string | undefined> = [];
    const storages = new EnvironmentS3Storages({
      environments: { get: async name => environments.get(name) },
      connection: { forcePathStyle: true, presignExpirySeconds: 60 },
      aws: {
        s3: options => {
          regions.push(options?.region);
          return new S3Client({ region: options?.region });
        },
      },
    });
    const a = await storages.forEnvironment('a');
    const b = await storages.forEnvironment('b');
    expect(a.storage.uri('uploads/photos/x.jpg')).toBe(
      's3://a-up/uploads/photos/x.jpg',
    );
    expect(b.storage.uri('videos/v/')).toBe('s3://b-vid/videos/v/');
    expect(regions).toEqual(['eu-west-1', 'us-west-2']);
    expect((await storages.forEnvironment('a')).storage).toBe(a.storage);

    environments.get('a')!.outputs = tf({
      uploads_bucket: 'a-up-2',
      videos_bucket: 'a-vid',
    });
    const changed = await storages.forEnvironment('a');
    expect(changed.storage).not.toBe(a.storage);
    expect(changed.storage.uri('uploads/photos/x.jpg')).toBe(
      's3://a-up-2/uploads/photos/x.jpg',
    );
    await expect(storages.forEnvironment('missing')).rejects.toThrow(
      /Environment "missing" has no storage buckets/,
    );
  });
});
