import { TestDatabases } from '@backstage/backend-test-utils';
import { Video } from '@videogen/plugin-videogen-common';
import { Knex } from 'knex';
import { JobStore } from '../queue/JobStore';
import { VideoRepository } from './VideoRepository';
import { localStorage, migrated, seedVideo } from './__testUtils__/seed';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

function keyOf(video: Video, environment = video.environment) {
  return {
    environment,
    photoSha256: video.photoSha256,
    scriptSha256: video.scriptSha256,
    generatorVersion: video.generatorVersion,
  };
}

describe.each(databases.eachSupportedId())(
  'VideoRepository on %p',
  databaseId => {
    let knex: Knex;
    let videos: VideoRepository;
    let jobs: JobStore;

    beforeEach(async () => {
      knex = await migrated(await databases.init(databaseId));
      await knex('videogen_videos').delete();
      await knex('videogen_jobs').delete();
      await knex('videogen_queue_drains').delete();
      await knex('videogen_environments')
        .insert({
          name: 'staging',
          target: 'local',
          region: 'local',
          status: 'APPLYING',
          created_by: 'test',
        })
        .onConflict('name')
        .ignore();
      videos = new VideoRepository(knex);
      jobs = new JobStore(knex);
    });

    // The one-read lookup must say exactly what the two separate reads say
    // (the environment's gate from JobStore, the pair from `lookup`), in
    // every state a direct upload's start can meet.
    async function bothWays(key: ReturnType<typeof keyOf>) {
      const combined = await videos.lookupWithGate(key);
      const separate = {
        gate: await jobs.uploadGate(key.environment),
        known: await videos.lookup(key),
      };
      expect(combined).toEqual(separate);
      return combined;
    }

    it('answers a live video of the pair with its environment READY and not draining', async () => {
      const { video } = await seedVideo(knex, localStorage());
      const { gate, known } = await bothWays(keyOf(video));
      expect(gate).toEqual({ status: 'READY', disabled: false });
      expect(known).toEqual({
        video: expect.objectContaining({ id: video.id }),
      });
    });

    it('answers the next attempt when the pair was never seen or its latest video failed', async () => {
      const { video, job } = await seedVideo(knex, localStorage());
      const unknown = { ...keyOf(video), scriptSha256: 'f'.repeat(64) };
      expect((await bothWays(unknown)).known).toEqual({ nextAttempt: 1 });

      await jobs.fail(job.id, 'the generator crashed');
      expect((await bothWays(keyOf(video))).known).toEqual({ nextAttempt: 2 });
    });

    it('reports a draining queue, an environment that is not READY, and a missing one', async () => {
      const { video } = await seedVideo(knex, localStorage());
      await jobs.setDisabled('local', true);
      expect((await bothWays(keyOf(video))).gate).toEqual({
        status: 'READY',
        disabled: true,
      });

      // The same pair in another environment is another video.
      const inStaging = await bothWays(keyOf(video, 'staging'));
      expect(inStaging.gate).toEqual({ status: 'APPLYING', disabled: false });
      expect(inStaging.known).toEqual({ nextAttempt: 1 });

      expect(await bothWays(keyOf(video, 'nowhere'))).toEqual({
        gate: undefined,
        known: { nextAttempt: 1 },
      });
    });

    it('counts a hit on the row and answers the video with it', async () => {
      const { video } = await seedVideo(knex, localStorage());
      const counted = await videos.countHit(video);
      expect(counted.dedupeHits).toBe(video.dedupeHits + 1);
      expect((await videos.get(video.id))!.dedupeHits).toBe(
        video.dedupeHits + 1,
      );
    });
  },
);
