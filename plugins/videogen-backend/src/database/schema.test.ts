import { TestDatabases } from '@backstage/backend-test-utils';
import { migrateDatabase } from './migrations';

jest.setTimeout(60_000);

describe('pipeline tables (migration 20261126010000)', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'creates videos, jobs and drains, and the database itself refuses a second row for one dedupe key, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateDatabase(knex);
      await migrateDatabase(knex);
      for (const table of [
        'videogen_videos',
        'videogen_jobs',
        'videogen_queue_drains',
      ]) {
        expect(await knex.schema.hasTable(table)).toBe(true);
      }
      const now = new Date();
      const row = (id: string) => ({
        id,
        environment: 'local',
        photo_sha256: 'a'.repeat(64),
        script_sha256: 'b'.repeat(64),
        generator_version: '1.0.0',
        photo_key: 'uploads/photos/a.jpg',
        photo_type: 'image/jpeg',
        photo_size_bytes: 1,
        photo_width: 1,
        photo_height: 1,
        script_key: 'uploads/scripts/b.txt',
        job_id: `job-${id}`,
        created_by: 'test',
        created_at: now,
        updated_at: now,
      });
      await knex('videogen_videos').insert(row('v1'));
      // Compared by message: better-sqlite3's errors may come from another
      // test file's realm, where `instanceof Error` (and so toThrow) fails.
      const duplicate = await knex('videogen_videos')
        .insert(row('v2'))
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(String((duplicate as Error | undefined)?.message)).toMatch(
        /unique/i,
      );
      // Another generator version is another key.
      await knex('videogen_videos').insert({
        ...row('v3'),
        generator_version: '1.0.1',
      });
      const [{ n }] = await knex('videogen_videos').count({ n: '*' });
      expect(Number(n)).toBe(2);
    },
  );
});
