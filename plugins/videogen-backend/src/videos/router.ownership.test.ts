import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import http from 'node:http';
import request from 'supertest';
import { videogenPlugin } from '../plugin';
import { fixtures } from './__testUtils__/photos';
import { multipart, uploadParts } from './__testUtils__/multipart';
import { fakeWorkerCommand, tempDir } from './__testUtils__/seed';

jest.setTimeout(120_000);

/**
 * A test policy mirroring the app's roles: `a` and `b` are creators, `admin`
 * may also cancel anyone's video (packages/backend/src/permissionRoles.ts).
 */
const creator = ['videogen.video.read', 'videogen.video.create'];
const grants: Record<string, string[]> = {
  'user:default/a': creator,
  'user:default/b': creator,
  'user:default/admin': [...creator, 'videogen.video.admin'],
};
const as = (user: 'a' | 'b' | 'admin') =>
  mockCredentials.user.header(`user:default/${user}`);

describe('videos API between users', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const backends: Array<{ stop: () => Promise<void> }> = [];

  afterEach(async () => {
    await Promise.all(backends.splice(0).map(backend => backend.stop()));
  });

  async function start(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    const permissions = mockServices.permissions.mock({
      authorize: async (requests, { credentials }) => {
        const principal = credentials.principal as { userEntityRef?: string };
        const allowed = grants[principal.userEntityRef ?? ''] ?? [];
        return requests.map(
          r =>
            ({
              result: allowed.includes(r.permission.name)
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
            } as PolicyDecision),
        ) as any;
      },
    });
    const backend = await startTestBackend({
      features: [
        videogenPlugin,
        permissions.factory,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            videogen: {
              dataDir: tempDir(),
              generator: { version: 'test-1' },
              worker: { command: fakeWorkerCommand() },
              // No workers: the jobs stay queued, so they can be cancelled.
              queue: { local: { workers: 0 } },
            },
          },
        }),
      ],
    });
    backends.push(backend);
    return { server: backend.server as http.Server, knex };
  }

  const upload = (server: http.Server, user: 'a' | 'b' | 'admin') => {
    const { body, contentType } = multipart(
      uploadParts({
        photo: fixtures.knightJpg(),
        script: fixtures.knightTxt(),
      }),
    );
    return request(server)
      .post('/api/videogen/videos')
      .set('Authorization', as(user))
      .set('Content-Type', contentType)
      .send(body);
  };
  const cancel = (server: http.Server, user: 'a' | 'b' | 'admin', id: string) =>
    request(server)
      .post(`/api/videogen/videos/${id}/cancel`)
      .set('Authorization', as(user));

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it("refuses to cancel another user's video, even one they uploaded too; its creator and an admin may", async () => {
      const { server } = await start(databaseId);
      const first = await upload(server, 'a');
      expect(first.status).toBe(202);
      // b uploads the same pair: the dedupe answer is a's video...
      const same = await upload(server, 'b');
      expect(same.body).toMatchObject({
        videoId: first.body.videoId,
        deduplicated: true,
      });
      // ...which b still may not cancel.
      const byOther = await cancel(server, 'b', first.body.videoId);
      expect(byOther.status).toBe(403);
      expect(byOther.body.error.message).toBe(
        'Only user:default/a, who uploaded this video, or an administrator may cancel it.',
      );
      const byOwner = await cancel(server, 'a', first.body.videoId);
      expect(byOwner.status).toBe(200);
      expect(byOwner.body).toMatchObject({
        state: 'FAILED',
        failureReason: 'Cancelled by user:default/a',
      });

      const second = await upload(server, 'b');
      expect(second.status).toBe(202);
      const byAdmin = await cancel(server, 'admin', second.body.videoId);
      expect(byAdmin.status).toBe(200);
      expect(byAdmin.body.failureReason).toBe(
        'Cancelled by user:default/admin',
      );
    });

    it('makes a new attempt when the same pair is uploaded after a failure, keeping the failed video', async () => {
      const { server, knex } = await start(databaseId);
      const first = await upload(server, 'a');
      await cancel(server, 'a', first.body.videoId).expect(200);

      // Two identical uploads at the same moment: one new attempt.
      const [retry, twin] = await Promise.all([
        upload(server, 'b'),
        upload(server, 'b'),
      ]);
      const created = [retry, twin].filter(r => r.status === 202);
      expect(created).toHaveLength(1);
      const newId = created[0].body.videoId;
      expect(newId).not.toBe(first.body.videoId);
      expect(created[0].body).toMatchObject({
        deduplicated: false,
        video: { state: 'RUNNABLE', createdBy: 'user:default/b' },
      });
      expect([retry, twin].map(r => r.body.videoId)).toEqual([newId, newId]);

      // The failed video keeps its history.
      const old = await request(server)
        .get(`/api/videogen/videos/${first.body.videoId}`)
        .set('Authorization', as('a'));
      expect(old.body).toMatchObject({
        state: 'FAILED',
        failureReason: 'Cancelled by user:default/a',
        createdBy: 'user:default/a',
      });
      const rows = await knex('videogen_videos')
        .select('id', 'attempt')
        .orderBy('attempt');
      expect(rows).toEqual([
        { id: first.body.videoId, attempt: 1 },
        { id: newId, attempt: 2 },
      ]);
      const [{ n: jobs }] = await knex('videogen_jobs').count({ n: '*' });
      expect(Number(jobs)).toBe(2);

      // The live attempt is the dedupe answer again.
      const again = await upload(server, 'a');
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ videoId: newId, deduplicated: true });
    });
  });
});
