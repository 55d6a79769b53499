// @ts-check

/**
 * Videos (one row per dedupe key), the jobs that render them (the local
 * queue's FIFO and the mirror of AWS Batch jobs) and the per-environment
 * drain switch.
 *
 * Timestamps are written by the application as JavaScript dates (PostgreSQL
 * stores them as timestamptz, SQLite as epoch milliseconds), never with
 * database defaults, so that both databases compare them the same way.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('videogen_videos', table => {
    table.comment(
      'Videos generated from a photo and a script; one row per dedupe key',
    );
    table.string('id', 36).primary().notNullable();
    table.string('environment', 64).notNullable();
    table
      .string('photo_sha256', 64)
      .notNullable()
      .comment('Hex SHA-256 of the photo bytes as uploaded');
    table
      .string('script_sha256', 64)
      .notNullable()
      .comment('Hex SHA-256 of the UTF-8 bytes of the normalised script');
    table.string('generator_version', 64).notNullable();
    table.string('photo_key', 255).notNullable();
    table.string('photo_type', 32).notNullable();
    table.bigInteger('photo_size_bytes').notNullable();
    table.integer('photo_width').notNullable();
    table.integer('photo_height').notNullable();
    table.string('script_key', 255).notNullable();
    table
      .string('job_id', 36)
      .notNullable()
      .comment('The job that renders (or rendered) this video');
    table
      .integer('dedupe_hits')
      .notNullable()
      .defaultTo(0)
      .comment('Later uploads of the same photo and script answered by it');
    table.double('duration_seconds').nullable();
    table.bigInteger('size_bytes').nullable();
    table.string('video_sha256', 64).nullable();
    table.integer('width').nullable();
    table.integer('height').nullable();
    table.bigInteger('poster_size_bytes').nullable();
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.unique(
      ['environment', 'photo_sha256', 'script_sha256', 'generator_version'],
      { indexName: 'videogen_videos_dedupe_key' },
    );
    table.index(['environment', 'created_at'], 'videogen_videos_env_created');
    table.index(['created_at'], 'videogen_videos_created');
  });

  await knex.schema.createTable('videogen_jobs', table => {
    table.comment(
      'Render jobs: the local queue (FIFO by seq) and mirrors of AWS Batch jobs',
    );
    table.increments('seq').primary().comment('Queue order (FIFO)');
    table.string('id', 36).notNullable().unique();
    table
      .string('video_id', 36)
      .notNullable()
      .references('id')
      .inTable('videogen_videos')
      .onDelete('CASCADE');
    table.string('environment', 64).notNullable();
    table.string('queue', 16).notNullable().comment('local or batch');
    table
      .string('state', 16)
      .notNullable()
      .comment('AWS Batch job state names');
    table.integer('attempts').notNullable().defaultTo(0);
    table.integer('max_attempts').notNullable();
    table.string('lease_token', 36).nullable();
    table.string('lease_owner', 255).nullable();
    table.timestamp('lease_expires_at', { useTz: true }).nullable();
    table
      .string('external_id', 128)
      .nullable()
      .comment('AWS Batch job ID (batch queue only)');
    table.string('stage', 32).nullable().comment('Last progress stage');
    table.text('failure_reason').nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.timestamp('started_at', { useTz: true }).nullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.index(['queue', 'state', 'seq'], 'videogen_jobs_queue_state');
    table.index(['environment', 'state'], 'videogen_jobs_env_state');
    table.index(['video_id'], 'videogen_jobs_video');
  });

  await knex.schema.createTable('videogen_queue_drains', table => {
    table.comment(
      'Environments whose queue is disabled (drained before a destroy)',
    );
    table.string('environment', 64).primary().notNullable();
    table.boolean('disabled').notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('videogen_queue_drains');
  await knex.schema.dropTable('videogen_jobs');
  await knex.schema.dropTable('videogen_videos');
};
