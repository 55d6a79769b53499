import {
  BatchClient,
  DescribeJobsCommand,
  SubmitJobCommand,
} from '@aws-sdk/client-batch';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  AwsCall,
  expectCallsAllowed,
  recordAwsCalls,
  webPrincipal,
} from '@videogen/iam-contract';
import { mockClient } from 'aws-sdk-client-mock';
import http from 'node:http';
import request from 'supertest';
import {
  prodAwsConfig,
  prodPolicyEnvironment,
  useProdS3Peer,
} from '../__testUtils__/awsProd';
import { videogenPlugin } from '../plugin';
import { S3Peer } from '../storage/__testUtils__/S3Peer';
import { fixtures } from '../videos/__testUtils__/photos';
import {
  browserScript,
  completeUpload,
  DirectUploadInput,
  sha256,
  startUpload,
} from './__testUtils__/directUpload';

jest.setTimeout(120_000);

/** The browser's PUT to a presigned URL: exactly the headers it was given. */
const browserPut = (
  target: { url: string; headers: Record<string, string> },
  body: Buffer,
) =>
  fetch(target.url, { method: 'PUT', headers: target.headers, body }).then(
    async response => ({
      status: response.status,
      text: await response.text(),
    }),
  );

/** The IAM request a presigned PUT makes, signed with the web role's keys. */
function presignedPut(url: string): AwsCall {
  const parsed = new URL(url);
  const [, bucket, ...key] = parsed.pathname.split('/');
  return {
    service: 'S3',
    operation: 'PutObject',
    region: parsed.searchParams.get('X-Amz-Credential')!.split('/')[2],
    input: { Bucket: bucket, Key: decodeURIComponent(key.join('/')) },
  };
}

describe('direct uploads, aws mode (S3 on s3rver, Batch mocked)', () => {
  const batch = mockClient(BatchClient);
  const recorder = recordAwsCalls([S3Client, BatchClient]);
  const prod = prodPolicyEnvironment();
  const s3Peer = useProdS3Peer();
  let peer: S3Peer;
  let backend: { server: http.Server; stop(): Promise<void> };
  const presigned: AwsCall[] = [];

  beforeAll(async () => {
    peer = s3Peer.peer();
    batch
      .on(SubmitJobCommand)
      .resolves({ jobId: 'b-1', jobName: 'x', jobArn: 'a' });
    batch.on(DescribeJobsCommand).resolves({ jobs: [] });
    recorder.attach();
    backend = (await startTestBackend({
      features: [
        videogenPlugin,
        mockServices.rootConfig.factory({
          data: {
            aws: {
              mainAccount: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
            },
            videogen: prodAwsConfig(peer.endpoint, {
              generatorVersion: 'image-7',
              uploads: { directUploadExpiry: { seconds: 2 } },
              pollIntervalMs: 30_000,
            }),
          },
        }),
      ],
    })) as typeof backend;
  });

  afterAll(async () => {
    await backend?.stop();
    recorder.stop();
  });

  const keys = async (prefix: string) =>
    (
      await peer
        .client()
        .send(
          new ListObjectsV2Command({ Bucket: 'vg-uploads', Prefix: prefix }),
        )
    ).Contents?.map(item => item.Key) ?? [];

  const input = (photo: Buffer, script: string): DirectUploadInput => ({
    photo,
    script: browserScript(script),
    environment: 'prod',
  });

  async function startAndPut(upload: DirectUploadInput) {
    const started = await startUpload(backend.server, upload);
    expect(started.status).toBe(201);
    presigned.push(
      presignedPut(started.body.photo.url),
      presignedPut(started.body.script.url),
    );
    return started;
  }

  it('presigns PUTs that carry the declared length and SHA-256, takes the bytes from the browser and queues the job at complete', async () => {
    const upload = input(fixtures.knightJpg(), 'A knight rides.');
    const started = await startAndPut(upload);
    const url = new URL(started.body.photo.url);
    expect(url.pathname).toBe(
      `/vg-uploads/uploads/incoming/${started.body.uploadId}/photo`,
    );
    expect(url.searchParams.get('X-Amz-SignedHeaders')!.split(';')).toEqual(
      expect.arrayContaining([
        'content-length',
        'content-type',
        'x-amz-checksum-sha256',
        'if-none-match',
      ]),
    );
    expect(Number(url.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(
      2,
    );
    expect(started.body.photo.headers).toEqual({
      'content-type': 'image/jpeg',
      'x-amz-checksum-sha256': Buffer.from(
        sha256(upload.photo),
        'hex',
      ).toString('base64'),
      'if-none-match': '*',
    });

    expect((await browserPut(started.body.photo, upload.photo)).status).toBe(
      200,
    );
    expect((await browserPut(started.body.script, upload.script)).status).toBe(
      200,
    );
    // The browser's PUT reached the peer with the signed checksum header.
    const put = peer.requests('PUT', /\/incoming\/.*\/photo\?/).pop()!;
    expect(put.headers['x-amz-checksum-sha256']).toBe(
      started.body.photo.headers['x-amz-checksum-sha256'],
    );

    const done = await completeUpload(backend.server, started.body.uploadId);
    expect(done.status).toBe(202);
    expect(done.body.video).toMatchObject({
      environment: 'prod',
      photoSha256: sha256(upload.photo),
      scriptSha256: sha256(upload.script),
    });
    expect(await keys('uploads/')).toEqual([
      `uploads/photos/${sha256(upload.photo)}.jpg`,
      `uploads/scripts/${sha256(upload.script)}.txt`,
    ]);
    expect(batch.commandCalls(SubmitJobCommand)).toHaveLength(1);
  });

  it('answers a known pair at start with the video and no URL: the browser sends nothing', async () => {
    const before = peer.seen.filter(r => r.method === 'PUT').length;
    const again = await startUpload(
      backend.server,
      input(fixtures.knightJpg(), 'A knight rides.'),
    );
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ deduplicated: true });
    expect(again.body.photo).toBeUndefined();
    expect(peer.seen.filter(r => r.method === 'PUT').length).toBe(before);
  });

  it('refuses at complete bytes that differ from the declared hash, or a body longer than declared, and leaves nothing', async () => {
    // Real S3 refuses both PUTs itself (signed checksum and length); s3rver
    // checks neither, so these show that complete does not trust the peer.
    for (const [name, body, message] of [
      [
        'other bytes',
        (() => {
          const b = Buffer.from(fixtures.robotPng());
          b[500] ^= 0xff;
          return b;
        })(),
        /photo sent is not the file whose SHA-256 was declared/,
      ],
      [
        'a longer body',
        Buffer.concat([fixtures.robotPng(), Buffer.from('tail')]),
        /photo sent has \d+ bytes, not the \d+ declared/,
      ],
    ] as const) {
      const upload = {
        ...input(fixtures.robotPng(), `A robot, ${name}.`),
        photoType: 'image/png',
      };
      const started = await startAndPut(upload);
      expect((await browserPut(started.body.photo, body)).status).toBe(200);
      expect(
        (await browserPut(started.body.script, upload.script)).status,
      ).toBe(200);
      const done = await completeUpload(backend.server, started.body.uploadId);
      expect(done.status).toBe(400);
      expect(done.body.error.message).toMatch(message);
      expect(await keys('uploads/incoming/')).toEqual([]);
      const videos = await request(backend.server).get(
        '/api/videogen/videos?environment=prod',
      );
      expect(
        videos.body.items.filter(
          (v: { photoSha256: string }) =>
            v.photoSha256 === sha256(upload.photo),
        ),
      ).toEqual([]);
    }
  });

  it('lets S3 refuse a PUT after its URL expired (403)', async () => {
    const upload = input(fixtures.foxWebp(), 'A fox, too late.');
    const started = await startAndPut({ ...upload, photoType: 'image/webp' });
    // The URLs are valid for the configured 2 s; s3rver checks X-Amz-Expires.
    await new Promise(resolve => setTimeout(resolve, 3100));
    const late = await browserPut(started.body.photo, upload.photo);
    expect(late.status).toBe(403);
    expect(late.text).toMatch(/expired/);
  });

  it('makes only AWS calls that the web role of our Terraform allows (IAM contract: start, presigned PUTs, complete, refusal clean-up)', async () => {
    // The test's own listing (peer.client()) is not the backend's.
    const calls = (await recorder.calls()).filter(
      call => call.operation !== 'ListObjectsV2',
    );
    expect(calls.map(call => call.operation)).toEqual(
      expect.arrayContaining([
        'HeadObject',
        'GetObject',
        'CopyObject',
        'DeleteObject',
        'SubmitJob',
      ]),
    );
    expect(presigned.length).toBeGreaterThanOrEqual(6);
    await expectCallsAllowed(webPrincipal(prod), [...calls, ...presigned]);
  });
});
