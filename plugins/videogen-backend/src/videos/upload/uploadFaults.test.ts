import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import request from 'supertest';
import { JobStore } from '../../queue/JobStore';
import { fixtures } from '../__testUtils__/photos';
import { multipart, uploadParts } from '../__testUtils__/multipart';
import { startLocalVideogen } from '../__testUtils__/localBackend';

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
    const { port } = server.address() as AddressInfo;
    const started = Date.now();
    const answer = await new Promise<{
      status: number;
      body: string;
      closed: boolean;
    }>((resolve, reject) => {
      const req = http.request({
        port,
        host: '127.0.0.1',
        method: 'POST',
        path: '/api/videogen/videos',
        headers: {
          'Content-Type': contentType,
          'Content-Length': body.length,
          Authorization: alice.header(),
        },
      });
      req.on('error', reject);
      req.on('response', res => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', chunk => {
          text += chunk;
        });
        res.on('end', () => {
          req.socket?.once('close', () =>
            resolve({ status: res.statusCode!, body: text, closed: true }),
          );
          if (req.socket?.destroyed) {
            resolve({ status: res.statusCode!, body: text, closed: true });
          }
        });
      });
      // Most of the photo, then silence.
      req.write(body.subarray(0, Math.floor(body.length / 2)));
    });
    expect(answer.status).toBe(408);
    expect(JSON.parse(answer.body).error.message).toMatch(
      /sent nothing for 1 s/,
    );
    expect(answer.closed).toBe(true);
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
