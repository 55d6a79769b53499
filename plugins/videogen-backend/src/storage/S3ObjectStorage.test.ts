import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { S3Peer } from './__testUtils__/S3Peer';
import { S3ObjectStorage, S3StorageOptions } from './S3ObjectStorage';

jest.setTimeout(60_000);

async function readAll(stream: Readable | undefined): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream!) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const sha256 = (data: Buffer) =>
  createHash('sha256').update(data).digest('hex');

describe('S3ObjectStorage against s3rver', () => {
  let peer: S3Peer;
  let directory: string;

  beforeAll(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'videogen-s3rver-'));
    peer = new S3Peer(directory, ['uploads-test', 'videos-test']);
    await peer.start();
  });

  afterAll(async () => {
    await peer.stop();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  const storage = (options: Partial<S3StorageOptions> = {}) =>
    new S3ObjectStorage({
      client: peer.client(),
      uploadsBucket: 'uploads-test',
      videosBucket: 'videos-test',
      ...options,
    });

  it('puts, heads, reads, lists and deletes an object, in the bucket its key belongs to', async () => {
    const s3 = storage();
    const photo = randomBytes(1000);
    const script = 'A knight rides.';

    expect(
      await s3.put('uploads/photos/a.jpg', photo, {
        contentType: 'image/jpeg',
      }),
    ).toEqual({
      sizeBytes: 1000,
    });
    await s3.put('videos/v1/result.json', '{}');
    await s3.put('uploads/scripts/s.txt', script);

    expect(await s3.head('uploads/photos/a.jpg')).toMatchObject({
      key: 'uploads/photos/a.jpg',
      sizeBytes: 1000,
      contentType: 'image/jpeg',
    });
    expect(await readAll(await s3.read('uploads/photos/a.jpg'))).toEqual(photo);
    expect(await s3.list('uploads/')).toEqual([
      'uploads/photos/a.jpg',
      'uploads/scripts/s.txt',
    ]);
    expect(await s3.list('videos/')).toEqual(['videos/v1/result.json']);
    // The uploads bucket holds uploads only, the videos bucket videos only.
    expect(
      peer.requests('PUT', /^\/uploads-test\/uploads\/photos\/a\.jpg/),
    ).toHaveLength(1);
    expect(
      peer.requests('PUT', /^\/videos-test\/videos\/v1\/result\.json/),
    ).toHaveLength(1);

    await s3.delete('uploads/photos/a.jpg');
    await s3.delete('uploads/photos/never-there.jpg');
    expect(await s3.head('uploads/photos/a.jpg')).toBeUndefined();
    expect(await s3.read('uploads/photos/a.jpg')).toBeUndefined();
    await s3.delete('uploads/scripts/s.txt');
    await s3.delete('videos/v1/result.json');
  });

  it('asks for a SHA-256 checksum and SSE (AES256 by default, aws:kms with a key) on every write', async () => {
    await storage().put('uploads/photos/sse.jpg', Buffer.from('x'));
    const [aes] = peer.requests('PUT', /uploads\/photos\/sse\.jpg/);
    expect(aes.headers['x-amz-server-side-encryption']).toBe('AES256');
    expect(aes.headers['x-amz-checksum-sha256']).toBe(
      Buffer.from(sha256(Buffer.from('x')), 'hex').toString('base64'),
    );

    await storage({ kmsKeyId: 'alias/videogen' }).put(
      'uploads/photos/kms.jpg',
      Buffer.from('y'),
    );
    const [kms] = peer.requests('PUT', /uploads\/photos\/kms\.jpg/);
    expect(kms.headers['x-amz-server-side-encryption']).toBe('aws:kms');
    expect(kms.headers['x-amz-server-side-encryption-aws-kms-key-id']).toBe(
      'alias/videogen',
    );
  });

  it('uploads a large stream as a multipart upload with per-part checksums, and reads byte ranges of it', async () => {
    const s3 = storage({ partSizeBytes: 5 * 1024 * 1024 });
    const body = randomBytes(12 * 1024 * 1024 + 123);
    const source = Readable.from(
      (function* chunks() {
        for (let i = 0; i < body.length; i += 64 * 1024) {
          yield body.subarray(i, i + 64 * 1024);
        }
      })(),
    );

    expect(
      await s3.put('videos/big/video.mp4', source, {
        contentType: 'video/mp4',
      }),
    ).toEqual({
      sizeBytes: body.length,
    });

    const [create] = peer.requests('POST', /videos\/big\/video\.mp4\?uploads/);
    expect(create.headers['x-amz-checksum-algorithm']).toBe('SHA256');
    expect(create.headers['x-amz-server-side-encryption']).toBe('AES256');
    const parts = peer.requests(
      'PUT',
      /videos\/big\/video\.mp4\?.*partNumber=/,
    );
    expect(parts).toHaveLength(3);
    for (const part of parts) {
      expect(part.headers['x-amz-checksum-sha256']).toEqual(expect.any(String));
    }
    expect(
      peer.requests('POST', /videos\/big\/video\.mp4\?uploadId=/),
    ).toHaveLength(1);

    expect(sha256(await readAll(await s3.read('videos/big/video.mp4')))).toBe(
      sha256(body),
    );
    expect(
      await readAll(
        await s3.read('videos/big/video.mp4', {
          start: 6_000_000,
          end: 6_000_099,
        }),
      ),
    ).toEqual(body.subarray(6_000_000, 6_000_100));
    await s3.delete('videos/big/video.mp4');
  });

  it('rejects with the body error and leaves nothing behind when the body fails', async () => {
    const s3 = storage({ partSizeBytes: 5 * 1024 * 1024 });
    const failing = new Readable({ read() {} });
    failing.push(randomBytes(6 * 1024 * 1024));
    setTimeout(() => failing.destroy(new Error('the client went away')), 50);

    await expect(s3.put('uploads/tmp/broken', failing)).rejects.toThrow(
      'the client went away',
    );
    expect(await s3.head('uploads/tmp/broken')).toBeUndefined();
    // The multipart upload that had started was aborted, not left to linger.
    expect(peer.requests('POST', /uploads\/tmp\/broken\?uploads/)).toHaveLength(
      1,
    );
    expect(
      peer.requests('DELETE', /uploads\/tmp\/broken\?uploadId=/),
    ).toHaveLength(1);
  });

  it('moves an object (copy with checksum and SSE, then delete)', async () => {
    const s3 = storage();
    await s3.put('uploads/tmp/t1', Buffer.from('photo bytes'));
    await s3.move('uploads/tmp/t1', 'uploads/photos/moved.jpg');
    expect(await s3.head('uploads/tmp/t1')).toBeUndefined();
    expect(
      (await readAll(await s3.read('uploads/photos/moved.jpg'))).toString(),
    ).toBe('photo bytes');
    const [copy] = peer.seen.filter(r => r.headers['x-amz-copy-source']);
    expect(copy.headers['x-amz-copy-source']).toBe(
      'uploads-test/uploads/tmp/t1',
    );
    expect(copy.headers['x-amz-server-side-encryption']).toBe('AES256');
    expect(copy.headers['x-amz-checksum-algorithm']).toBe('SHA256');
  });

  it('gives the generator s3:// URIs and the browser presigned GET URLs that work', async () => {
    const s3 = storage({ presignExpirySeconds: 120 });
    await s3.put('videos/v2/video.mp4', Buffer.from('not really an mp4'));
    expect(s3.uri('uploads/photos/x.jpg')).toBe(
      's3://uploads-test/uploads/photos/x.jpg',
    );
    expect(s3.uri('videos/v2/')).toBe('s3://videos-test/videos/v2/');

    const url = await s3.playbackUrl('videos/v2/video.mp4', {
      contentType: 'video/mp4',
    });
    expect(url).toMatch(/X-Amz-Signature=/);
    expect(url).toMatch(/X-Amz-Expires=120/);
    const response = await fetch(url!);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(await response.text()).toBe('not really an mp4');
  });

  it('gives CloudFront URLs when a distribution is configured', async () => {
    const s3 = storage({ cloudfrontDomain: 'https://d111.cloudfront.net/' });
    expect(
      await s3.playbackUrl('videos/v3/poster.jpg', {
        contentType: 'image/jpeg',
      }),
    ).toBe('https://d111.cloudfront.net/videos/v3/poster.jpg');
  });

  it('refuses keys outside the two buckets and unsafe keys', async () => {
    const s3 = storage();
    await expect(s3.put('other/x', 'x')).rejects.toThrow(/No bucket/);
    await expect(s3.put('uploads/../videos/x', 'x')).rejects.toThrow(/unsafe/);
    expect(() => s3.uri('/uploads/x')).toThrow(/unsafe/);
  });
});
