import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { normalizeScript } from '@videogen/plugin-videogen-common';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import request from 'supertest';
import { Knex } from 'knex';
import { LocalObjectStorage } from '../storage';
import {
  craftedJpeg,
  craftedPng,
  fixtures,
  svgPhoto,
} from './__testUtils__/photos';
import { multipart, Part, uploadParts } from './__testUtils__/multipart';
import { fakeWorkerCommand, waitFor } from './__testUtils__/seed';
import { startLocalVideogen } from './__testUtils__/localBackend';

jest.setTimeout(120_000);

const sha256 = (data: Buffer | string) =>
  createHash('sha256').update(data).digest('hex');

/**
 * Every file under a directory, staging and temporary folders included
 * (the storage adapter's own listing skips its hidden staging folder).
 */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map(entry => path.join(entry.parentPath, entry.name));
}

describe('videos API', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const backends: Array<{ stop: () => Promise<void> }> = [];

  afterEach(async () => {
    await Promise.all(backends.splice(0).map(backend => backend.stop()));
  });

  async function start(
    databaseId: Parameters<typeof databases.init>[0],
    options: {
      videogen?: Record<string, unknown>;
      knobs?: string[];
      workers?: number;
      features?: Parameters<typeof startTestBackend>[0]['features'];
    } = {},
  ) {
    const knex = await databases.init(databaseId);
    const { server, dataDir, ...backend } = await startLocalVideogen({
      knex,
      videogen: {
        worker: { command: fakeWorkerCommand(...(options.knobs ?? [])) },
        queue: {
          local: {
            workers: options.workers ?? 1,
            pollInterval: { milliseconds: 50 },
            heartbeatInterval: { milliseconds: 100 },
            lease: { seconds: 5 },
            cancelGrace: { seconds: 1 },
          },
        },
        ...options.videogen,
      },
      features: options.features,
    });
    backends.push(backend);
    const storage = new LocalObjectStorage(path.join(dataDir, 'storage'));
    return { server, knex, storage, dataDir };
  }

  const upload = (server: http.Server, parts: Part[]) => {
    const { body, contentType } = multipart(parts);
    return request(server)
      .post('/api/videogen/videos')
      .set('Content-Type', contentType)
      .send(body);
  };

  const knight = () =>
    uploadParts({ photo: fixtures.knightJpg(), script: fixtures.knightTxt() });

  async function rows(knex: Knex) {
    const [videos] = await knex('videogen_videos').count({ n: '*' });
    const [jobs] = await knex('videogen_jobs').count({ n: '*' });
    return { videos: Number(videos.n), jobs: Number(jobs.n) };
  }

  const videoState = (server: http.Server, id: string, state: string) =>
    waitFor(
      async () => {
        const response = await request(server).get(
          `/api/videogen/videos/${id}`,
        );
        return response.body.state === state ? response.body : undefined;
      },
      { what: `video ${id} to be ${state}` },
    );

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('accepts an upload with 202, stores its inputs under content-addressed keys, queues a job and generates the video', async () => {
      const { server, knex, storage } = await start(databaseId);
      const photo = fixtures.knightJpg();
      const script = fixtures.knightTxt();

      const response = await upload(server, knight());

      expect(response.status).toBe(202);
      const photoSha = sha256(photo);
      const scriptSha = sha256(
        Buffer.from(normalizeScript(script.toString('utf8')), 'utf8'),
      );
      expect(response.body).toEqual({
        videoId: expect.any(String),
        jobId: expect.any(String),
        deduplicated: false,
        video: expect.objectContaining({
          id: response.body.videoId,
          jobId: response.body.jobId,
          environment: 'local',
          photoSha256: photoSha,
          scriptSha256: scriptSha,
          generatorVersion: 'test-1',
          dedupeHits: 0,
          createdBy: 'user:default/mock',
        }),
      });
      expect(['PENDING', 'RUNNABLE', 'STARTING', 'RUNNING']).toContain(
        response.body.video.state,
      );
      expect(await storage.list('uploads/')).toEqual([
        `uploads/photos/${photoSha}.jpg`,
        `uploads/scripts/${scriptSha}.txt`,
      ]);
      expect(await rows(knex)).toEqual({ videos: 1, jobs: 1 });

      const done = await videoState(server, response.body.videoId, 'SUCCEEDED');
      expect(done).toMatchObject({ durationSeconds: 12.5, sizeBytes: 65536 });
      expect(done.startedAt).toBeDefined();
      expect(done.finishedAt).toBeDefined();
      expect(await storage.list(`videos/${done.id}/`)).toEqual([
        `videos/${done.id}/poster.jpg`,
        `videos/${done.id}/result.json`,
        `videos/${done.id}/video.mp4`,
      ]);
    });

    it('answers a known photo + script with 200, deduplicated: true, the same video, no new job and no new object', async () => {
      const { server, knex, storage } = await start(databaseId, { workers: 0 });
      const first = await upload(server, knight());
      expect(first.status).toBe(202);
      const stored = await storage.list('');

      // Same photo, same script with other line endings and trailing spaces,
      // fields in another order, the script as a text field.
      const script = fixtures
        .knightTxt()
        .toString('utf8')
        .replace(/\n/g, '  \r\n');
      const again = await upload(server, [
        { name: 'environment', data: 'local' },
        { name: 'script', data: script },
        {
          name: 'photo',
          filename: 'other-name.jpeg',
          data: fixtures.knightJpg(),
        },
      ]);

      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({
        videoId: first.body.videoId,
        jobId: first.body.jobId,
        deduplicated: true,
        video: { id: first.body.videoId, dedupeHits: 1 },
      });
      expect(await storage.list('')).toEqual(stored);
      expect(await rows(knex)).toEqual({ videos: 1, jobs: 1 });
    });

    it('hashes a UTF-8 script the same whether it comes as a browser text field or as a file', async () => {
      const { server } = await start(databaseId, { workers: 0 });
      const script = fixtures.foxTxt();
      expect(script.toString('utf8')).toMatch(/Zoë/);
      const asFile = await upload(
        server,
        uploadParts({
          photo: fixtures.foxWebp(),
          script,
          photoName: 'fox.webp',
        }),
      );
      expect(asFile.status).toBe(202);
      expect(asFile.body.video.scriptSha256).toBe(
        sha256(Buffer.from(normalizeScript(script.toString('utf8')), 'utf8')),
      );
      // What a browser's FormData sends: text fields first, CRLF line ends.
      const asField = await upload(server, [
        { name: 'environment', data: 'local' },
        {
          name: 'script',
          data: script.toString('utf8').replace(/\n/g, '\r\n'),
        },
        {
          name: 'photo',
          filename: 'fox.webp',
          contentType: 'image/webp',
          data: fixtures.foxWebp(),
        },
      ]);
      expect(asField.status).toBe(200);
      expect(asField.body).toMatchObject({
        deduplicated: true,
        videoId: asFile.body.videoId,
      });
    });

    it('makes one row, one job and one video of 50 identical uploads fired at once, and gives every caller its id', async () => {
      const { server, knex, storage } = await start(databaseId, { workers: 0 });
      const responses = await Promise.all(
        Array.from({ length: 50 }, () => upload(server, knight())),
      );
      const statuses = responses.map(r => r.status).sort();
      expect(statuses.filter(s => s === 202)).toHaveLength(1);
      expect(statuses.filter(s => s === 200)).toHaveLength(49);
      expect(new Set(responses.map(r => r.body.videoId)).size).toBe(1);
      expect(new Set(responses.map(r => r.body.jobId)).size).toBe(1);
      expect(await rows(knex)).toEqual({ videos: 1, jobs: 1 });
      const [video] = await knex('videogen_videos');
      expect(Number(video.dedupe_hits)).toBe(49);
      expect(await storage.list('uploads/')).toHaveLength(2);
    });

    describe('refuses a bad upload with a sentence and leaves nothing behind', () => {
      const cases: Array<
        [string, () => Part[], number, RegExp, Record<string, unknown>?]
      > = [
        [
          'an SVG photo (415)',
          () =>
            uploadParts({
              photo: svgPhoto,
              script: 'Hello.',
              photoName: 'x.jpg',
            }),
          415,
          /SVG/,
          {},
        ],
        [
          'a photo over the pixel limit, from its header (400)',
          () =>
            uploadParts({ photo: craftedPng(10_000, 5_000), script: 'Hello.' }),
          400,
          /10000×5000 pixels .* the limit is 40\.0 megapixels/,
          {},
        ],
        [
          'a truncated JPEG (400)',
          () =>
            uploadParts({
              photo: fixtures.knightJpg().subarray(0, 30_000),
              script: 'Hello.',
            }),
          400,
          /truncated/,
          {},
        ],
        [
          'a script that is not UTF-8 (400)',
          () =>
            uploadParts({
              photo: fixtures.knightJpg(),
              script: Buffer.from([0x48, 0xe9, 0x6c, 0x6c, 0x6f]),
            }),
          400,
          /not valid UTF-8/,
          {},
        ],
        [
          'an empty script (400)',
          () =>
            uploadParts({ photo: fixtures.knightJpg(), script: ' \r\n\t ' }),
          400,
          /script is empty/,
          {},
        ],
        [
          'a script over the length limit (400)',
          () =>
            uploadParts({
              photo: fixtures.knightJpg(),
              script: 'a'.repeat(101),
            }),
          400,
          /101 characters long; the limit is 100/,
          { limits: { maxScriptCharacters: 100 } },
        ],
        [
          'a script far over the length limit, as a text field (400)',
          () =>
            uploadParts({
              photo: fixtures.knightJpg(),
              script: 'b'.repeat(200_000),
              scriptAsFile: false,
            }),
          400,
          /longer than 100 characters/,
          { limits: { maxScriptCharacters: 100 } },
        ],
        [
          'a script with control characters (400)',
          () =>
            uploadParts({
              photo: fixtures.knightJpg(),
              script: 'Ring\u0007 the bell.',
            }),
          400,
          /U\+0007/,
          {},
        ],
        [
          'a form without a photo (400)',
          () => [
            { name: 'script', data: 'Hello.' },
            { name: 'environment', data: 'local' },
          ],
          400,
          /missing the photo field/,
          {},
        ],
        [
          'a form without script and environment (400)',
          () => [
            { name: 'photo', filename: 'a.jpg', data: fixtures.knightJpg() },
          ],
          400,
          /missing the script and environment fields/,
          {},
        ],
        [
          'an unknown environment (404)',
          () =>
            uploadParts({
              photo: fixtures.knightJpg(),
              script: 'Hello.',
              environment: 'nowhere',
            }),
          404,
          /no environment named "nowhere"/,
          {},
        ],
        [
          'a photo over the size limit (413)',
          () => uploadParts({ photo: fixtures.knightJpg(), script: 'Hello.' }),
          413,
          /larger than 10 KB, the upload limit/,
          { limits: { maxPhotoBytes: 10_000 } },
        ],
      ];

      it.each(cases)('%s', async (_name, parts, status, message, videogen) => {
        const { server, knex, storage, dataDir } = await start(databaseId, {
          workers: 0,
          videogen,
        });
        const response = await upload(server, parts());
        expect(response.status).toBe(status);
        expect(response.body.error.message).toMatch(message);
        expect(await storage.list('')).toEqual([]);
        expect(filesUnder(path.join(dataDir, 'storage'))).toEqual([]);
        expect(await rows(knex)).toEqual({ videos: 0, jobs: 0 });
      });
    });

    it('refuses uploads to an environment that is not READY or is draining (409)', async () => {
      const { server, knex, storage } = await start(databaseId, { workers: 0 });
      await knex('videogen_environments')
        .where({ name: 'local' })
        .update({ status: 'DESTROYING' });
      const destroying = await upload(server, knight());
      expect(destroying.status).toBe(409);
      expect(destroying.body.error.message).toBe(
        'Environment "local" is DESTROYING; it accepts uploads only when it is READY.',
      );

      await knex('videogen_environments')
        .where({ name: 'local' })
        .update({ status: 'READY' });
      await knex('videogen_queue_drains').insert({
        environment: 'local',
        disabled: true,
        updated_at: new Date(),
      });
      const draining = await upload(server, knight());
      expect(draining.status).toBe(409);
      expect(draining.body.error.message).toMatch(/is draining/);
      expect(await storage.list('')).toEqual([]);
      expect(await rows(knex)).toEqual({ videos: 0, jobs: 0 });
    });

    it('lists videos newest first, filtered by environment and limited', async () => {
      const { server } = await start(databaseId, { workers: 0 });
      const ids: string[] = [];
      for (const [photo, script] of [
        [fixtures.knightJpg(), fixtures.knightTxt()],
        [fixtures.robotPng(), fixtures.robotTxt()],
        [fixtures.foxWebp(), fixtures.foxTxt()],
      ]) {
        const response = await upload(server, uploadParts({ photo, script }));
        expect(response.status).toBe(202);
        ids.push(response.body.videoId);
        await new Promise(resolve => setTimeout(resolve, 5));
      }
      const all = await request(server).get(
        '/api/videogen/videos?environment=local',
      );
      expect(all.status).toBe(200);
      expect(all.body.items.map((v: { id: string }) => v.id)).toEqual(
        [...ids].reverse(),
      );
      expect(all.body.items[0]).toMatchObject({
        dedupeHits: 0,
        state: 'RUNNABLE',
      });

      const limited = await request(server).get('/api/videogen/videos?limit=2');
      expect(limited.body.items).toHaveLength(2);
      const elsewhere = await request(server).get(
        '/api/videogen/videos?environment=other',
      );
      expect(elsewhere.body.items).toEqual([]);
      const bad = await request(server).get('/api/videogen/videos?limit=0');
      expect(bad.status).toBe(400);
    });

    it('cancels a running job: it ends FAILED "Cancelled by <user>" and cannot be cancelled twice', async () => {
      const { server } = await start(databaseId, { knobs: ['--hang'] });
      const created = await upload(server, knight());
      await videoState(server, created.body.videoId, 'RUNNING');

      const cancelled = await request(server).post(
        `/api/videogen/videos/${created.body.videoId}/cancel`,
      );
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({
        state: 'FAILED',
        failureReason: 'Cancelled by user:default/mock',
      });
      const again = await request(server).post(
        `/api/videogen/videos/${created.body.videoId}/cancel`,
      );
      expect(again.status).toBe(409);
    });

    it('shows the local pool, the queue and the videos in the environment status', async () => {
      const { server } = await start(databaseId, { workers: 0 });
      await upload(server, knight());
      const response = await request(server).get(
        '/api/videogen/environments/local/status',
      );
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        environment: 'local',
        target: 'local',
        cluster: {
          data: { kind: 'local-pool', slots: 0, busy: 0, status: 'NO_WORKERS' },
        },
        queue: {
          data: {
            name: 'local',
            state: 'ENABLED',
            counts: { RUNNABLE: 1, SUCCEEDED: 0 },
            recentJobs: [expect.objectContaining({ state: 'RUNNABLE' })],
          },
        },
        videos: { data: { total: 1, byState: { RUNNABLE: 1 }, dedupeHits: 0 } },
      });
      const unknown = await request(server).get(
        '/api/videogen/environments/nope/status',
      );
      expect(unknown.status).toBe(404);
    });
  });

  describe('playback', () => {
    async function generated() {
      const started = await start('SQLITE_3', { knobs: ['--size=1000'] });
      const created = await upload(started.server, knight());
      await videoState(started.server, created.body.videoId, 'SUCCEEDED');
      return { ...started, id: created.body.videoId as string };
    }

    it('serves the MP4 whole, by Range (206) and as HEAD, and refuses an unsatisfiable range (416)', async () => {
      const { server, storage, id } = await generated();
      const whole = await request(server)
        .get(`/api/videogen/videos/${id}/content`)
        .buffer(true)
        .parse((res, callback) => {
          const chunks: Buffer[] = [];
          res.on('data', chunk => chunks.push(chunk));
          res.on('end', () => callback(null, Buffer.concat(chunks)));
        });
      expect(whole.status).toBe(200);
      expect(whole.headers['content-type']).toBe('video/mp4');
      expect(whole.headers['accept-ranges']).toBe('bytes');
      expect(whole.headers['content-length']).toBe('1000');
      const stored = await storage.read(`videos/${id}/video.mp4`);
      const chunks: Buffer[] = [];
      for await (const chunk of stored!) chunks.push(chunk);
      const bytes = Buffer.concat(chunks);
      expect(Buffer.compare(whole.body, bytes)).toBe(0);

      const part = await request(server)
        .get(`/api/videogen/videos/${id}/content`)
        .set('Range', 'bytes=100-199')
        .buffer(true)
        .parse((res, callback) => {
          const c: Buffer[] = [];
          res.on('data', chunk => c.push(chunk));
          res.on('end', () => callback(null, Buffer.concat(c)));
        });
      expect(part.status).toBe(206);
      expect(part.headers['content-range']).toBe('bytes 100-199/1000');
      expect(part.headers['content-length']).toBe('100');
      expect(Buffer.compare(part.body, bytes.subarray(100, 200))).toBe(0);

      const tail = await request(server)
        .get(`/api/videogen/videos/${id}/content`)
        .set('Range', 'bytes=-10');
      expect(tail.status).toBe(206);
      expect(tail.headers['content-range']).toBe('bytes 990-999/1000');

      const head = await request(server)
        .head(`/api/videogen/videos/${id}/content`)
        .set('Range', 'bytes=0-9');
      expect(head.status).toBe(206);
      expect(head.headers['content-length']).toBe('10');

      const outside = await request(server)
        .get(`/api/videogen/videos/${id}/content`)
        .set('Range', 'bytes=5000-');
      expect(outside.status).toBe(416);
      expect(outside.headers['content-range']).toBe('bytes */1000');
      expect(outside.body.error.name).toBe('RangeNotSatisfiableError');

      const cached = await request(server)
        .get(`/api/videogen/videos/${id}/content`)
        .set('If-None-Match', whole.headers.etag);
      expect(cached.status).toBe(304);

      const poster = await request(server).get(
        `/api/videogen/videos/${id}/poster`,
      );
      expect(poster.status).toBe(200);
      expect(poster.headers['content-type']).toBe('image/jpeg');
      const posterLength = Number(poster.headers['content-length']);
      const posterPart = await request(server)
        .get(`/api/videogen/videos/${id}/poster`)
        .set('Range', 'bytes=1-2');
      expect(posterPart.status).toBe(206);
      expect(posterPart.headers['content-range']).toBe(
        `bytes 1-2/${posterLength}`,
      );
      expect(posterPart.headers['content-length']).toBe('2');
    });

    it('answers 409 for the content of a video that is not ready and 404 for an unknown one', async () => {
      const { server } = await start('SQLITE_3', { workers: 0 });
      const created = await upload(server, knight());
      const early = await request(server).get(
        `/api/videogen/videos/${created.body.videoId}/content`,
      );
      expect(early.status).toBe(409);
      expect(early.body.error.message).toMatch(/not ready yet/);
      const unknown = await request(server).get(
        '/api/videogen/videos/00000000-0000-4000-8000-000000000000/content',
      );
      expect(unknown.status).toBe(404);
    });

    it('issues the user cookie at /cookie and accepts cookie (limited) credentials only on /content and /poster', async () => {
      const { server, id } = await generated();
      const cookie = await request(server).get('/api/videogen/cookie');
      expect(cookie.status).toBe(200);
      expect(cookie.body.expiresAt).toEqual(expect.any(String));
      expect(String(cookie.headers['set-cookie'])).toMatch(/^backstage-auth=/);

      const limited = `Bearer ${mockCredentials.limitedUser.token()}`;
      const content = await request(server)
        .get(`/api/videogen/videos/${id}/content`)
        .set('Authorization', limited);
      expect(content.status).toBe(200);
      const poster = await request(server)
        .get(`/api/videogen/videos/${id}/poster`)
        .set('Authorization', limited);
      expect(poster.status).toBe(200);
      const json = await request(server)
        .get(`/api/videogen/videos/${id}`)
        .set('Authorization', limited);
      expect(json.status).toBe(401);
    });
  });

  describe('streaming limits', () => {
    it('answers 413 while the photo is still being sent, and stores nothing', async () => {
      const { server, knex, storage, dataDir } = await start('SQLITE_3', {
        workers: 0,
        videogen: { limits: { maxPhotoBytes: 64 * 1024 } },
      });
      const { port } = server.address() as AddressInfo;
      const boundary = 'streaming-boundary';
      const client = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/videogen/videos',
        headers: {
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Transfer-Encoding': 'chunked',
          Authorization: mockCredentials.user.header(),
        },
      });
      client.on('error', () => undefined);
      const answered = new Promise<{ status?: number; body: string }>(
        resolve => {
          client.on('response', res => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', chunk => {
              body += chunk;
            });
            res.on('end', () => resolve({ status: res.statusCode, body }));
          });
        },
      );
      client.write(
        `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="big.jpg"\r\n\r\n`,
      );
      client.write(fixtures.knightJpg());
      client.write(Buffer.alloc(64 * 1024, 0x55));
      // The request is never finished: the answer must not wait for it.
      const response = await answered;
      client.destroy();

      expect(response.status).toBe(413);
      expect(JSON.parse(response.body).error).toMatchObject({
        name: 'PayloadTooLargeError',
        message: expect.stringMatching(/larger than 64 KB/),
      });
      expect(await storage.list('')).toEqual([]);
      await waitFor(
        async () => filesUnder(path.join(dataDir, 'storage')).length === 0,
        { what: 'the partial photo to be removed' },
      );
      expect(await rows(knex)).toEqual({ videos: 0, jobs: 0 });
    });

    it('leaves nothing behind when the client goes away in the middle of the photo', async () => {
      const { server, knex, storage, dataDir } = await start('SQLITE_3', {
        workers: 0,
      });
      const { port } = server.address() as AddressInfo;
      const client = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/videogen/videos',
        headers: {
          'Content-Type': 'multipart/form-data; boundary=gone',
          'Transfer-Encoding': 'chunked',
          Authorization: mockCredentials.user.header(),
        },
      });
      client.on('error', () => undefined);
      client.write(
        '--gone\r\nContent-Disposition: form-data; name="photo"; filename="a.jpg"\r\n\r\n',
      );
      client.write(fixtures.knightJpg().subarray(0, 40_000));
      // The temporary photo appears while it streams...
      await waitFor(async () =>
        fs.existsSync(path.join(dataDir, 'storage', 'uploads', 'tmp')),
      );
      client.destroy();
      // ...and is gone once the server notices.
      await waitFor(
        async () => filesUnder(path.join(dataDir, 'storage')).length === 0,
        { what: 'the temporary photo to be removed' },
      );
      expect(await storage.list('')).toEqual([]);
      expect(await rows(knex)).toEqual({ videos: 0, jobs: 0 });
    });

    it('serves the configured limits to the browser', async () => {
      const { server } = await start('SQLITE_3', {
        workers: 0,
        videogen: { limits: { maxPhotoBytes: 1234, maxScriptCharacters: 99 } },
      });
      const response = await request(server).get('/api/videogen/limits');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        maxPhotoBytes: 1234,
        maxPhotoPixels: 40_000_000,
        maxScriptCharacters: 99,
      });
    });

    it('reads pixel limits from crafted JPEG headers too', async () => {
      const { server, storage } = await start('SQLITE_3', {
        workers: 0,
        videogen: { limits: { maxPhotoPixels: 1_000_000 } },
      });
      const response = await upload(
        server,
        uploadParts({ photo: craftedJpeg(2000, 1000), script: 'Hi.' }),
      );
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(/2000×1000 pixels/);
      expect(await storage.list('')).toEqual([]);
    });
  });

  describe('permissions', () => {
    const routes: Array<[string, string, (id: string) => string]> = [
      ['POST', 'upload', () => '/api/videogen/videos'],
      ['GET', 'list', () => '/api/videogen/videos'],
      ['GET', 'read', id => `/api/videogen/videos/${id}`],
      ['POST', 'cancel', id => `/api/videogen/videos/${id}/cancel`],
      ['GET', 'content', id => `/api/videogen/videos/${id}/content`],
      ['GET', 'poster', id => `/api/videogen/videos/${id}/poster`],
      ['GET', 'status', () => '/api/videogen/environments/local/status'],
      ['GET', 'limits', () => '/api/videogen/limits'],
      ['GET', 'cookie', () => '/api/videogen/cookie'],
    ];
    const id = '00000000-0000-4000-8000-000000000000';

    it.each(routes)(
      '%s %s answers 401 without credentials',
      async (method, _name, url) => {
        const { server } = await start('SQLITE_3', { workers: 0 });
        const response = await request(server)
          [method === 'POST' ? 'post' : 'get'](url(id))
          .set('Authorization', mockCredentials.none.header());
        expect(response.status).toBe(401);
      },
    );

    it.each(routes.filter(([, name]) => !['limits', 'cookie'].includes(name)))(
      '%s %s answers 403 when the policy denies it',
      async (method, name, url) => {
        const { server, knex } = await start('SQLITE_3', {
          workers: 0,
          features: [
            mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
          ],
        });
        const response =
          method === 'POST' && name === 'upload'
            ? await upload(server, knight())
            : await request(server)[method === 'POST' ? 'post' : 'get'](
                url(id),
              );
        expect(response.status).toBe(403);
        expect(response.body.error.message).toMatch(/not allowed/);
        expect(await rows(knex)).toEqual({ videos: 0, jobs: 0 });
      },
    );

    it('allows every route to a permitted user (2xx)', async () => {
      const { server } = await start('SQLITE_3', {
        knobs: ['--size=100', '--sleep-ms=1500'],
      });
      const created = await upload(server, knight());
      expect(created.status).toBe(202);
      const videoId = created.body.videoId;
      await videoState(server, videoId, 'SUCCEEDED');
      for (const [method, name, url] of routes) {
        if (name === 'upload' || name === 'cancel') {
          continue;
        }
        const response = await request(server)[
          method === 'POST' ? 'post' : 'get'
        ](url(videoId));
        expect([name, response.status]).toEqual([name, 200]);
      }
      const second = await upload(
        server,
        uploadParts({ photo: fixtures.robotPng(), script: 'x' }),
      );
      const cancel = await request(server).post(
        `/api/videogen/videos/${second.body.videoId}/cancel`,
      );
      expect(cancel.status).toBe(200);
    });
  });
});
