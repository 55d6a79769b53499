import { TestDatabases } from '@backstage/backend-test-utils';
import { migrateDatabase } from './migrations';

jest.setTimeout(60_000);

describe('migrateDatabase', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'creates the environments table and is idempotent on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateDatabase(knex);
      // A second run (a restarted backend) must be a no-op, not an error.
      await migrateDatabase(knex);

      expect(await knex.schema.hasTable('videogen_environments')).toBe(true);
      await knex('videogen_environments').insert({
        name: 'local-dev',
        target: 'local',
        region: 'local',
        created_by: 'user:default/guest',
      });
      const [row] = await knex('videogen_environments').where({
        name: 'local-dev',
      });
      expect(row).toMatchObject({
        status: 'NEW',
        variables: '{}',
        outputs: '{}',
        // An environment created before per-environment state buckets uses
        // the configured one.
        state_bucket: null,
      });
    },
  );
});
