import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { expectValidOutput } from '../__testUtils__/checks';
import { TestS3 } from '../__testUtils__/s3';
import {
  FIXTURES,
  listDir,
  makeTempDir,
  runWorker,
} from '../__testUtils__/worker';
import { publish } from './outputs';
import { describeS3Error, s3WriteSettings } from './s3';

jest.setTimeout(120_000);
// The test's own SDK client would warn about Node 20 on stderr.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

describe('s3WriteSettings', () => {
  it('turns on SHA-256 checksums and AES256 by default', () => {
    expect(s3WriteSettings({})).toEqual({
      checksum: 'SHA256',
      serverSideEncryption: 'AES256',
      kmsKeyId: undefined,
    });
  });

  it('uses aws:kms with a key id, and can switch either off for S3-compatible peers', () => {
    expect(
      s3WriteSettings({
        VIDEOGEN_S3_KMS_KEY_ID: 'arn:aws:kms:us-east-1:1:key/k',
      }),
    ).toMatchObject({
      serverSideEncryption: 'aws:kms',
      kmsKeyId: 'arn:aws:kms:us-east-1:1:key/k',
    });
    expect(
      s3WriteSettings({ VIDEOGEN_S3_SSE: 'off', VIDEOGEN_S3_CHECKSUM: 'off' }),
    ).toEqual({
      checksum: undefined,
      serverSideEncryption: undefined,
      kmsKeyId: undefined,
    });
  });

  it('describes SDK errors in a few words', () => {
    expect(
      describeS3Error(Object.assign(new Error('x'), { name: 'NoSuchKey' })),
    ).toBe('no such object');
    expect(
      describeS3Error(Object.assign(new Error('x'), { name: 'AccessDenied' })),
    ).toBe('access denied');
    expect(
      describeS3Error(
        Object.assign(new Error('connect ECONNREFUSED'), {
          code: 'ECONNREFUSED',
        }),
      ),
    ).toBe('network error (ECONNREFUSED)');
  });
});

describe('rendering from and to S3 (s3rver)', () => {
  let root: string;
  let s3: TestS3;
  let client: S3Client;

  beforeAll(async () => {
    root = await makeTempDir();
    s3 = new TestS3(join(root, 's3rver'), ['uploads', 'videos']);
    await s3.start();
    client = s3.client();
    for (const name of ['fox.webp', 'fox.txt']) {
      await client.send(
        new PutObjectCommand({
          Bucket: 'uploads',
          Key: `users/7/${name}`,
          Body: await fs.readFile(join(FIXTURES, name)),
        }),
      );
    }
    await client.send(
      new PutObjectCommand({
        Bucket: 'uploads',
        Key: 'users/7/short.txt',
        Body: 'The fox slept.',
      }),
    );
  });

  afterAll(async () => {
    client?.destroy();
    await s3?.stop();
    await fs.rm(root, { recursive: true, force: true });
  });

  async function keys(prefix: string): Promise<string[]> {
    const listed = await client.send(
      new ListObjectsV2Command({ Bucket: 'videos', Prefix: prefix }),
    );
    return (listed.Contents ?? []).map(o => o.Key!).sort();
  }

  async function download(key: string, path: string) {
    const object = await client.send(
      new GetObjectCommand({ Bucket: 'videos', Key: key }),
    );
    await fs.writeFile(path, await object.Body!.transformToByteArray());
  }

  it('reads inputs and writes video.mp4, poster.jpg and result.json with checksum and SSE headers', async () => {
    const tmp = join(root, 'tmp-ok');
    await fs.mkdir(tmp);
    s3.requests.length = 0;
    const run = await runWorker(
      [
        'render',
        '--photo',
        's3://uploads/users/7/fox.webp',
        '--script',
        's3://uploads/users/7/fox.txt',
        '--out',
        's3://videos/jobs/42/',
      ],
      { env: { ...s3.env(), VIDEOGEN_TMPDIR: tmp } },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(await keys('jobs/42/')).toEqual([
      'jobs/42/poster.jpg',
      'jobs/42/result.json',
      'jobs/42/video.mp4',
    ]);

    const local = join(root, 'downloaded');
    await fs.mkdir(local);
    for (const name of ['video.mp4', 'poster.jpg', 'result.json']) {
      await download(`jobs/42/${name}`, join(local, name));
    }
    const result = await expectValidOutput(local, 4);
    expect(run.events[run.events.length - 1]).toMatchObject({
      event: 'done',
      sha256: result.sha256,
    });

    const types: Record<string, string> = {
      'video.mp4': 'video/mp4',
      'poster.jpg': 'image/jpeg',
      'result.json': 'application/json',
    };
    for (const [name, type] of Object.entries(types)) {
      const head = await client.send(
        new HeadObjectCommand({ Bucket: 'videos', Key: `jobs/42/${name}` }),
      );
      expect(head.ContentType).toBe(type);
      // What the worker sent (s3rver stores neither SSE nor checksums).
      const put = s3.requests.find(
        r => r.method === 'PUT' && r.url.startsWith(`/videos/jobs/42/${name}`),
      );
      expect(put).toBeDefined();
      expect(put!.headers['x-amz-server-side-encryption']).toBe('AES256');
      const body = await fs.readFile(join(local, name));
      expect(put!.headers['x-amz-checksum-sha256']).toBe(
        createHash('sha256').update(body).digest('base64'),
      );
    }
    // result.json is written last: its presence means the result is complete.
    const puts = s3.requests.filter(
      r => r.method === 'PUT' && r.url.startsWith('/videos/'),
    );
    expect(puts[puts.length - 1].url).toContain('result.json');
    expect(await listDir(tmp)).toEqual([]);
  });

  it('fails with exit code 2 for a missing input object and writes nothing', async () => {
    const run = await runWorker(
      [
        'render',
        '--photo',
        's3://uploads/users/7/nope.webp',
        '--script',
        's3://uploads/users/7/fox.txt',
        '--out',
        's3://videos/jobs/43',
      ],
      { env: s3.env() },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'videogen-worker: cannot read photo s3://uploads/users/7/nope.webp: no such object\n',
    );
    expect(await keys('jobs/43/')).toEqual([]);
  });

  it('uploads a result larger than a part as a multipart upload, intact', async () => {
    // 12 MiB of varied bytes: two parts of the worker's 8 MiB part size.
    const big = Buffer.alloc(12 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4) {
      big.writeUInt32LE((i * 2654435761) >>> 0, i);
    }
    const dir = join(root, 'big');
    await fs.mkdir(dir);
    await fs.writeFile(join(dir, 'video.mp4'), big);
    await fs.writeFile(join(dir, 'result.json'), '{}\n');
    s3.requests.length = 0;
    await publish(
      {
        kind: 's3',
        uri: 's3://videos/jobs/big',
        bucket: 'videos',
        key: 'jobs/big',
      },
      [
        {
          name: 'video.mp4',
          path: join(dir, 'video.mp4'),
          contentType: 'video/mp4',
        },
        {
          name: 'result.json',
          path: join(dir, 'result.json'),
          contentType: 'application/json',
        },
      ],
      { s3: () => client, s3Settings: s3WriteSettings({}) },
    );
    expect(s3.requests.filter(r => r.url.includes('partNumber=')).length).toBe(
      2,
    );
    const local = join(dir, 'downloaded.mp4');
    await download('jobs/big/video.mp4', local);
    const digest = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(digest(await fs.readFile(local))).toBe(digest(big));
    const head = await client.send(
      new HeadObjectCommand({ Bucket: 'videos', Key: 'jobs/big/video.mp4' }),
    );
    expect(head.ContentType).toBe('video/mp4');
  });

  it('removes what it uploaded when a later upload fails', async () => {
    const tmp = join(root, 'tmp-fail');
    await fs.mkdir(tmp);
    s3.deny = r =>
      r.method === 'PUT' && r.url.startsWith('/videos/jobs/44/result.json');
    try {
      const run = await runWorker(
        [
          'render',
          '--photo',
          's3://uploads/users/7/fox.webp',
          '--script',
          's3://uploads/users/7/short.txt',
          '--out',
          's3://videos/jobs/44',
        ],
        {
          env: {
            ...s3.env(),
            VIDEOGEN_TMPDIR: tmp,
            VIDEOGEN_S3_CHECKSUM: 'off',
          },
        },
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        'videogen-worker: cannot upload s3://videos/jobs/44/result.json: access denied\n',
      );
    } finally {
      s3.deny = () => false;
    }
    // video.mp4 and poster.jpg had been uploaded, then deleted again.
    const videoPut = s3.requests.find(
      r => r.method === 'PUT' && r.url.startsWith('/videos/jobs/44/video.mp4'),
    );
    expect(videoPut).toBeDefined();
    // VIDEOGEN_S3_CHECKSUM=off: no checksum for peers that reject it.
    expect(videoPut!.headers['x-amz-checksum-sha256']).toBeUndefined();
    expect(await keys('jobs/44/')).toEqual([]);
    expect(await listDir(tmp)).toEqual([]);
  });
});
