import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import request from 'supertest';
import { JobStore } from '../../queue/JobStore';
import { fixtures } from '../__testUtils__/photos';
import { multipart, uploadParts } from '../__testUtils__/multipart';
import { startLocalVideogen } from '../__testUtils__/localBackend';
import { stalledUpload } from '../__testUtils__/stalledUpload';

jest.setTimeout(120_000);

const alice = {
  header: () => mockCredentials.user.header('user:default/alice'),
};
const bob = { header: () => mockCredentials.user.header('user:default/bob') };

describe('uploads under faults and load', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const backends: Array<{ stop: () => Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(backends.splice(0).map(backend => backend.stop()));
  });

  async function start(
    databaseId: Parameters<typeof databases.init>[0],
    videogen: Record<string, unknown> = {},
  ) {
    const knex = await databases.init(databaseId);
    const { server, dataDir, ...backend } = await startLocalVideogen({
      knex,
      videogen: {
        // Web-only: jobs stay queued, so the test dispatches them.
        queue: { local: { workers: 0 } },
        ...videogen,
      },
    });
    backends.push(backend);
    return { server, knex, dataDir };
  }

  const upload = (server: http.Server, as: string, script: string) => {
    const { body, contentType } = multipart(
      uploadParts({ photo: fixtures.knightJpg(), script }),
    );
    return request(server)
      .post('/api/videogen/videos')
      .set('Authorization', as)
      .set('Content-Type', contentType)
      .send(body);
  };

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('refuses a user past videogen.queue.maxJobsPerUser with 429, and not the others', async () => {
      const { server } = await start(databaseId, {
        queue: { maxJobsPerUser: 2, local: { workers: 0 } },
      });
      expect((await upload(server, alice.header(), 'One.')).status).toBe(202);
      expect((await upload(server, alice.header(), 'Two.')).status).toBe(202);

      const third = await upload(server, alice.header(), 'Three.');
      expect(third.status).toBe(429);
      expect(third.body.error.message).toMatch(
        /user:default\/alice already has 2 videos queued or being generated.*Wait until one finishes, or cancel one/,
      );
      // An upload already known costs no job, and other users are not held up.
      expect((await upload(server, alice.header(), 'One.')).status).toBe(200);
      expect((await upload(server, bob.header(), 'Three.')).status).toBe(202);
    });

    it('dispatches the local queue round-robin between users, FIFO within each', async () => {
      const { server, knex } = await start(databaseId);
      for (const script of ['A1.', 'A2.', 'A3.']) {
        expect((await upload(server, alice.header(), script)).status).toBe(202);
      }
      expect((await upload(server, bob.header(), 'B1.')).status).toBe(202);
      const jobs = new JobStore(knex);
      const order: string[] = [];
      for (let i = 0; i < 4; i++) {
        const job = await jobs.claimNext({
          owner: 'test',
          token: `t${i}`,
          leaseMs: 60_000,
        });
        order.push((await jobs.uploaderOf(job!.id))!);
        // Finished at once: "served" is what counts, not "running".
        await jobs.transition(job!.id, ['STARTING'], 'SUCCEEDED', {}, `t${i}`);
      }
      expect(order).toEqual([
        'user:default/alice',
        'user:default/bob',
        'user:default/alice',
        'user:default/alice',
      ]);
    });
  });

  it('ends an upload that sends nothing for videogen.uploads.idleTimeout with 408 and removes its staging file', async () => {
    const { server, dataDir } = await start('SQLITE_3', {
      uploads: { idleTimeout: { milliseconds: 500 } },
    });
    const { body, contentType } = multipart(
      uploadParts({ photo: fixtures.knightJpg(), script: 'Hello.' }),
    );
    const started = Date.now();
    // The whole length announced, half the body sent, then silence; the
    // answer arrives and the server closes the connection.
    const answer = await stalledUpload(server, {
      method: 'POST',
      path: '/api/videogen/videos',
      headers: { 'Content-Type': contentType, Authorization: alice.header() },
      body,
    });
    expect(answer.status).toBe(408);
    expect(JSON.parse(answer.body).error.message).toMatch(
      /sent nothing for 1 s/,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    const storage = path.join(dataDir, 'storage');
    const leftovers = fs.existsSync(storage)
      ? fs
          .readdirSync(storage, { recursive: true, withFileTypes: true })
          .filter(entry => entry.isFile())
      : [];
    expect(leftovers).toEqual([]);
  });
});
