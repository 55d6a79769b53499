// @ts-check

/**
 * Re-attempts of a failed (or cancelled) video: the dedupe key gets an
 * attempt number, so that uploading the same photo and script again after a
 * failure inserts attempt n + 1 while the failed row keeps its history. The
 * unique key (environment, photo, script, generator, attempt) still makes
 * two identical uploads at the same moment one row and one job.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('videogen_videos', table => {
    table
      .integer('attempt')
      .notNullable()
      .defaultTo(1)
      .comment('1 for the first video of its dedupe key, then 2, 3, ...');
  });
  await knex.schema.alterTable('videogen_videos', table => {
    table.dropUnique([], 'videogen_videos_dedupe_key');
    table.unique(
      [
        'environment',
        'photo_sha256',
        'script_sha256',
        'generator_version',
        'attempt',
      ],
      { indexName: 'videogen_videos_dedupe_attempt' },
    );
  });
};

/**
 * Keeps the latest attempt of each key (the older, failed ones go, with
 * their jobs) so that the old unique key can come back.
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex('videogen_videos as v')
    .whereExists(function newer() {
      this.select(knex.raw('1'))
        .from('videogen_videos as n')
        .whereRaw('n.environment = v.environment')
        .whereRaw('n.photo_sha256 = v.photo_sha256')
        .whereRaw('n.script_sha256 = v.script_sha256')
        .whereRaw('n.generator_version = v.generator_version')
        .whereRaw('n.attempt > v.attempt');
    })
    .delete();
  await knex.schema.alterTable('videogen_videos', table => {
    table.dropUnique([], 'videogen_videos_dedupe_attempt');
    table.unique(
      ['environment', 'photo_sha256', 'script_sha256', 'generator_version'],
      { indexName: 'videogen_videos_dedupe_key' },
    );
  });
  await knex.schema.alterTable('videogen_videos', table => {
    table.dropColumn('attempt');
  });
};
