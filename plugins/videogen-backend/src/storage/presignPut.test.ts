import { S3Client } from '@aws-sdk/client-s3';
import { S3ObjectStorage } from './S3ObjectStorage';

const storage = () =>
  new S3ObjectStorage({
    client: new S3Client({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    }),
    uploadsBucket: 'vg-uploads',
    videosBucket: 'vg-videos',
    kmsKeyId: 'alias/vg',
  });

const declared = {
  sizeBytes: 56074,
  contentType: 'image/jpeg',
  sha256: 'ab'.repeat(32),
  expiresInSeconds: 300,
};

describe('S3ObjectStorage.presignPut (direct uploads)', () => {
  beforeEach(() => {
    // One signing time for every URL of a test, so signatures compare.
    jest.useFakeTimers({
      now: new Date('2026-12-05T10:00:00Z'),
      doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'],
    });
  });
  afterEach(() => jest.useRealTimers());

  it('signs content-length, content-type, x-amz-checksum-sha256 and if-none-match, as headers the browser sends', async () => {
    const { url, headers } = await storage().presignPut(
      'uploads/incoming/0b6f9a8e-1111-4222-8333-944455556666/photo',
      declared,
    );
    const parsed = new URL(url);
    expect(parsed.host).toBe('vg-uploads.s3.eu-west-1.amazonaws.com');
    expect(parsed.pathname).toBe(
      '/uploads/incoming/0b6f9a8e-1111-4222-8333-944455556666/photo',
    );
    expect(parsed.searchParams.get('X-Amz-SignedHeaders')!.split(';')).toEqual([
      'content-length',
      'content-type',
      'host',
      'if-none-match',
      'x-amz-checksum-sha256',
    ]);
    expect(parsed.searchParams.get('X-Amz-Expires')).toBe('300');
    // The checksum travels as a header (S3 checks the body against it), not
    // as a query parameter; no SSE header: the bucket's default encryption
    // applies, so the browser need not send one.
    expect(
      [...parsed.searchParams.keys()].map(k => k.toLowerCase()),
    ).not.toContain('x-amz-checksum-sha256');
    expect(url).not.toMatch(/server-side-encryption/i);
    expect(headers).toEqual({
      'content-type': 'image/jpeg',
      'x-amz-checksum-sha256': Buffer.from(declared.sha256, 'hex').toString(
        'base64',
      ),
      'if-none-match': '*',
    });
  });

  it('binds the signature to the declared length, hash and type: changing one changes it', async () => {
    const key = 'uploads/incoming/0b6f9a8e-1111-4222-8333-944455556666/photo';
    const signature = async (change: Partial<typeof declared>) =>
      new URL(
        (await storage().presignPut(key, { ...declared, ...change })).url,
      ).searchParams.get('X-Amz-Signature');
    const original = await signature({});
    expect(await signature({})).toBe(original);
    expect(await signature({ sizeBytes: declared.sizeBytes + 1 })).not.toBe(
      original,
    );
    expect(await signature({ sha256: 'cd'.repeat(32) })).not.toBe(original);
    expect(await signature({ contentType: 'image/png' })).not.toBe(original);
  });
});
