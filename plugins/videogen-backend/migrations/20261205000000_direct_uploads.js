// @ts-check

/**
 * Direct uploads (issue 15): the browser declares the SHA-256 and size of
 * the photo and the script, receives one short-lived URL per object, sends
 * the bytes to object storage itself, then asks the backend to complete. A
 * row lives from the start of an upload to its completion (or refusal, or
 * expiry), and holds only what was declared: the bytes are in storage under
 * uploads/incoming/<id>/.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('videogen_uploads', table => {
    table.string('id', 36).primary().comment('UUID, part of the upload URLs');
    table.string('environment', 64).notNullable();
    table.string('created_by', 255).notNullable();
    table.string('photo_sha256', 64).notNullable();
    table.bigInteger('photo_size_bytes').notNullable();
    table.string('photo_type', 32).notNullable().comment('declared type');
    table.string('script_sha256', 64).notNullable();
    table.integer('script_size_bytes').notNullable();
    table
      .string('generator_version', 255)
      .notNullable()
      .comment('the dedupe key part, as at the start');
    table
      .timestamp('photo_claimed_at', { useTz: true })
      .nullable()
      .comment('local mode: the signed URL was used (good for one object)');
    table.timestamp('script_claimed_at', { useTz: true }).nullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(['expires_at'], 'videogen_uploads_expires_at');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('videogen_uploads');
};
