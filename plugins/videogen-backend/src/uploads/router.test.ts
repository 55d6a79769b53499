import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { normalizeScript } from '@videogen/plugin-videogen-common';
import fs from 'node:fs';
import path from 'node:path';
import { Knex } from 'knex';
import request from 'supertest';
import { LocalObjectStorage } from '../storage';
import { multipart, uploadParts } from '../videos/__testUtils__/multipart';
import { fixtures } from '../videos/__testUtils__/photos';
import { fakeWorkerCommand, waitFor } from '../videos/__testUtils__/seed';
import {
  browserScript,
  completeUpload,
  directUploadLocal,
  localPath,
  putLocal,
  sha256,
  startUpload,
} from './__testUtils__/directUpload';
import { startLocalVideogen } from '../videos/__testUtils__/localBackend';
import { stalledUpload } from '../videos/__testUtils__/stalledUpload';

jest.setTimeout(120_000);

/** Every file below a directory, hidden staging folders included. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map(entry => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe('direct uploads, local mode', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const backends: Array<{ stop: () => Promise<void> }> = [];

  afterEach(async () => {
    await Promise.all(backends.splice(0).map(backend => backend.stop()));
  });

  async function start(
    databaseId: Parameters<typeof databases.init>[0],
    options: { workers?: number; videogen?: Record<string, unknown> } = {},
  ) {
    const knex = await databases.init(databaseId);
    const { server, dataDir, ...backend } = await startLocalVideogen({
      knex,
      videogen: {
        worker: { command: fakeWorkerCommand() },
        queue: {
          local: {
            workers: options.workers ?? 0,
            pollInterval: { milliseconds: 50 },
          },
        },
        ...options.videogen,
      },
    });
    backends.push(backend);
    const storageDir = path.join(dataDir, 'storage');
    return {
      server,
      knex,
      storage: new LocalObjectStorage(storageDir),
      storageDir,
    };
  }

  async function counts(knex: Knex) {
    const n = async (table: string) =>
      Number((await knex(table).count({ n: '*' }))[0].n);
    return {
      uploads: await n('videogen_uploads'),
      videos: await n('videogen_videos'),
      jobs: await n('videogen_jobs'),
    };
  }

  const knight = () => ({
    photo: fixtures.knightJpg(),
    script: browserScript(fixtures.knightTxt()),
  });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('takes the knight through start, two signed PUTs and complete, and generates the video', async () => {
      const { server, knex, storage, storageDir } = await start(databaseId, {
        workers: 1,
      });
      const input = knight();
      const { started, photoPut, scriptPut, final } = await directUploadLocal(
        server,
        input,
      );

      expect(started.status).toBe(201);
      expect(started.body).toEqual({
        uploadId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        photo: {
          url: expect.stringMatching(
            /^http:\/\/localhost:7007\/api\/videogen\/storage\/uploads\/[0-9a-f-]{36}\/photo\?expires=\d+&signature=[0-9a-f]{64}$/,
          ),
          method: 'PUT',
          headers: { 'content-type': 'image/jpeg' },
        },
        script: expect.objectContaining({ method: 'PUT' }),
        expiresAt: expect.any(String),
      });
      expect(photoPut!.status).toBe(200);
      expect(scriptPut!.status).toBe(200);
      expect(final.status).toBe(202);
      expect(final.body).toMatchObject({
        deduplicated: false,
        video: {
          photoSha256: sha256(input.photo),
          scriptSha256: sha256(input.script),
          createdBy: 'user:default/mock',
        },
      });
      // Inputs at their content-addressed keys; nothing left incoming.
      expect(await storage.list('uploads/')).toEqual([
        `uploads/photos/${sha256(input.photo)}.jpg`,
        `uploads/scripts/${sha256(input.script)}.txt`,
      ]);
      expect(filesUnder(path.join(storageDir, 'uploads'))).toHaveLength(2);
      expect(await counts(knex)).toEqual({ uploads: 0, videos: 1, jobs: 1 });
      await waitFor(
        async () =>
          (
            await request(server).get(
              `/api/videogen/videos/${final.body.videoId}`,
            )
          ).body.state === 'SUCCEEDED',
        { what: 'the video to be generated' },
      );
    });

    it('answers a known pair at start with 200 and the video: no upload, no URL, no byte', async () => {
      const { server, knex } = await start(databaseId);
      const first = await directUploadLocal(server, knight());
      expect(first.final.status).toBe(202);

      const again = await startUpload(server, knight());
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({
        deduplicated: true,
        videoId: first.final.body.videoId,
        video: { dedupeHits: 1 },
      });
      expect(again.body.photo).toBeUndefined();
      expect(again.body.uploadId).toBeUndefined();
      expect(await counts(knex)).toEqual({ uploads: 0, videos: 1, jobs: 1 });
      // The hit is written after the answer (a duplicate waits for one
      // read only), but it is written.
      await waitFor(
        async () =>
          (
            await knex('videogen_videos')
              .where({ id: first.final.body.videoId })
              .first('dedupe_hits')
          ).dedupe_hits === 1,
        { what: 'the dedupe hit to be counted' },
      );

      // The multipart route and the direct flow share one dedupe key.
      const { body, contentType } = multipart(
        uploadParts({
          photo: fixtures.knightJpg(),
          script: fixtures.knightTxt(),
        }),
      );
      const viaMultipart = await request(server)
        .post('/api/videogen/videos')
        .set('Content-Type', contentType)
        .send(body);
      expect(viaMultipart.status).toBe(200);
      expect(viaMultipart.body.videoId).toBe(first.final.body.videoId);
    });

    it('makes one video of the same pair uploaded by two browsers at once: one 202, the other 200 with the same video, nothing left incoming', async () => {
      const { server, knex, storage } = await start(databaseId);
      const input = knight();
      const [a, b] = await Promise.all([
        startUpload(server, input),
        startUpload(server, input),
      ]);
      expect([a.status, b.status]).toEqual([201, 201]);
      for (const started of [a, b]) {
        await putLocal(server, started.body.photo, input.photo);
        await putLocal(server, started.body.script, input.script);
      }
      const done = await Promise.all([
        completeUpload(server, a.body.uploadId),
        completeUpload(server, b.body.uploadId),
      ]);
      expect(done.map(r => r.status).sort()).toEqual([200, 202]);
      expect(done[0].body.videoId).toBe(done[1].body.videoId);
      expect(await counts(knex)).toEqual({ uploads: 0, videos: 1, jobs: 1 });
      expect(await storage.list('uploads/incoming/')).toEqual([]);
      expect(await storage.list('uploads/')).toHaveLength(2);
    });

    it('refuses bytes other than those declared (400), leaves nothing, and lets the same URL take the right bytes', async () => {
      const { server, knex, storageDir } = await start(databaseId);
      const input = knight();
      const started = await startUpload(server, input);
      expect(started.status).toBe(201);

      const other = Buffer.from(input.photo);
      other[1000] ^= 0xff;
      const wrong = await putLocal(server, started.body.photo, other);
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.message).toMatch(
        /photo sent is not the file whose SHA-256 was declared/,
      );
      const longer = await putLocal(
        server,
        started.body.photo,
        Buffer.concat([input.photo, Buffer.from('x')]),
      );
      expect(longer.status).toBe(400);
      expect(longer.body.error.message).toMatch(/longer than the \d+ bytes/);
      const shorter = await putLocal(
        server,
        started.body.photo,
        input.photo.subarray(1),
      );
      expect(shorter.status).toBe(400);
      expect(shorter.body.error.message).toMatch(/not the \d+ declared/);
      expect(filesUnder(storageDir)).toEqual([]);

      expect(
        (await putLocal(server, started.body.photo, input.photo)).status,
      ).toBe(200);
      expect(
        (await putLocal(server, started.body.script, input.script)).status,
      ).toBe(200);
      const done = await completeUpload(server, started.body.uploadId);
      expect(done.status).toBe(202);
      expect(await counts(knex)).toEqual({ uploads: 0, videos: 1, jobs: 1 });
    });

    it('accepts a photo whose type the browser does not know (application/octet-stream): its magic bytes decide, as on the multipart route', async () => {
      const { server } = await start(databaseId);
      const { started, final } = await directUploadLocal(server, {
        photo: fixtures.foxWebp(),
        script: browserScript(fixtures.foxTxt()),
        photoType: 'application/octet-stream',
      });
      expect(started.status).toBe(201);
      expect(final.status).toBe(202);
      expect(final.body.video.photoSha256).toBe(sha256(fixtures.foxWebp()));
    });

    it('takes one object per URL: a second PUT after a success is 409', async () => {
      const { server } = await start(databaseId);
      const input = knight();
      const started = await startUpload(server, input);
      expect(
        (await putLocal(server, started.body.script, input.script)).status,
      ).toBe(200);
      const second = await putLocal(server, started.body.script, input.script);
      expect(second.status).toBe(409);
      expect(second.body.error.message).toMatch(
        /script of this upload has been sent already/,
      );
    });

    it('refuses a forged, altered or foreign signature and an expired URL with 403, without credentials and storing nothing', async () => {
      const { server, knex, storageDir } = await start(databaseId);
      const input = knight();
      const started = await startUpload(server, input);
      const url = new URL(started.body.photo.url);
      const signature = url.searchParams.get('signature')!;
      const forged = (query: Record<string, string>) => {
        const next = new URL(url);
        for (const [k, v] of Object.entries(query)) {
          next.searchParams.set(k, v);
        }
        return request(server)
          .put(localPath(next.href))
          .set('Authorization', mockCredentials.none.header())
          .send(input.photo);
      };
      const flipped = `${signature[0] === 'a' ? 'b' : 'a'}${signature.slice(
        1,
      )}`;
      for (const response of [
        await forged({ signature: flipped }),
        await forged({ signature: 'nope' }),
        await forged({
          expires: String(Number(url.searchParams.get('expires')) + 3600),
        }),
        // The photo's signature on the script's URL.
        await request(server)
          .put(
            localPath(started.body.script.url).replace(
              /signature=\w+/,
              `signature=${signature}`,
            ),
          )
          .send(input.script),
      ]) {
        expect(response.status).toBe(403);
        expect(response.body.error.message).toMatch(/upload URL is not valid/);
      }

      // The upload expired (its row says so; the URL's own expiry is later).
      await knex('videogen_uploads')
        .where({ id: started.body.uploadId })
        .update({ expires_at: new Date(Date.now() - 1000) });
      const expired = await request(server)
        .put(localPath(started.body.photo.url))
        .send(input.photo);
      expect(expired.status).toBe(403);
      expect(expired.body.error.message).toMatch(/upload URL expired at/);
      expect(filesUnder(storageDir)).toEqual([]);
    });

    it('completes only for the uploader (404 for anyone else, and for unknown ids), and refuses a missing object with 400, removing the upload', async () => {
      const { server, knex, storageDir } = await start(databaseId);
      const input = knight();
      const started = await startUpload(server, input);
      await putLocal(server, started.body.photo, input.photo);

      const other = await completeUpload(
        server,
        started.body.uploadId,
        mockCredentials.user.header('user:default/someone-else'),
      );
      expect(other.status).toBe(404);
      expect(
        (await completeUpload(server, '3f1f0c86-0000-4000-8000-000000000000'))
          .status,
      ).toBe(404);
      expect((await completeUpload(server, 'not-a-uuid')).status).toBe(404);
      expect(await counts(knex)).toMatchObject({ uploads: 1 });

      const missing = await completeUpload(server, started.body.uploadId);
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toMatch(/The script has not arrived/);
      expect(await counts(knex)).toEqual({ uploads: 0, videos: 0, jobs: 0 });
      expect(filesUnder(storageDir)).toEqual([]);
    });

    it('accepts a script hashed as typed (CRLF, trailing spaces) and stores its normalised text under the normalised hash', async () => {
      const { server, knex, storageDir } = await start(databaseId);
      const typed = 'One line.  \r\nTwo.\r\n';
      const { final } = await directUploadLocal(server, {
        photo: fixtures.knightJpg(),
        script: Buffer.from(typed),
      });
      expect(final.status).toBe(202);
      const normalised = normalizeScript(typed);
      expect(normalised).not.toBe(typed);
      const key = sha256(Buffer.from(normalised));
      expect(final.body.video.scriptSha256).toBe(key);
      expect(
        fs.readFileSync(
          path.join(storageDir, 'uploads', 'scripts', `${key}.txt`),
          'utf8',
        ),
      ).toBe(normalised);
      expect(await counts(knex)).toMatchObject({ uploads: 0, videos: 1 });
      expect(filesUnder(storageDir).some(f => f.includes('incoming'))).toBe(
        false,
      );
    });

    it('sweeps uploads that expired before completion: their row and their objects', async () => {
      const { server, knex, storageDir } = await start(databaseId, {
        videogen: { uploads: { directUploadExpiry: { seconds: 3 } } },
      });
      const input = knight();
      const started = await startUpload(server, input);
      expect(
        (await putLocal(server, started.body.photo, input.photo)).status,
      ).toBe(200);
      expect(filesUnder(storageDir)).toHaveLength(1);
      // Expired now (its row says so) rather than by waiting, so a slow
      // machine cannot expire it before the PUT. The sweep runs every expiry
      // period (here 3 s).
      await knex('videogen_uploads')
        .where({ id: started.body.uploadId })
        .update({ expires_at: new Date(Date.now() - 1000) });
      await waitFor(async () => (await counts(knex)).uploads === 0, {
        what: 'the expired upload to be swept',
      });
      await waitFor(() => filesUnder(storageDir).length === 0, {
        what: 'its photo to be removed',
      });
      const late = await completeUpload(server, started.body.uploadId);
      expect(late.status).toBe(404);
    });
  });

  it('ends a PUT that sends nothing for videogen.uploads.idleTimeout with 408, keeps nothing, and lets the URL be used again', async () => {
    const { server, storageDir } = await start('SQLITE_3', {
      videogen: { uploads: { idleTimeout: { milliseconds: 500 } } },
    });
    const input = knight();
    const started = await startUpload(server, input);
    expect(started.status).toBe(201);
    const target = started.body.photo;
    const began = Date.now();
    // Half the photo, then silence; the answer arrives and the server
    // closes the connection.
    const answer = await stalledUpload(server, {
      method: 'PUT',
      path: localPath(target.url),
      headers: target.headers,
      body: input.photo,
    });
    expect(answer.status).toBe(408);
    expect(JSON.parse(answer.body).error.message).toMatch(
      /sent nothing for 1 s and was ended/,
    );
    // Well before Node's own 5-minute request timeout.
    expect(Date.now() - began).toBeLessThan(10_000);
    expect(filesUnder(storageDir)).toEqual([]);

    expect((await putLocal(server, target, input.photo)).status).toBe(200);
  });
});
