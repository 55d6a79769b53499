// @ts-check

/**
 * The environments the plugin knows about. Later migrations add jobs,
 * videos and Terraform runs.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('videogen_environments', table => {
    table.comment(
      'Video-generator environments managed by the videogen plugin',
    );
    table.string('name', 64).primary().notNullable();
    table.string('target', 16).notNullable().comment('local or aws');
    table.string('region', 32).notNullable();
    table.text('variables').notNullable().defaultTo('{}');
    table.boolean('require_approval').notNullable().defaultTo(false);
    table
      .boolean('built_in')
      .notNullable()
      .defaultTo(false)
      .comment('Declared in config (videogen.environments), never destroyed');
    table.string('status', 32).notNullable().defaultTo('NEW');
    table.text('outputs').notNullable().defaultTo('{}');
    table.string('last_run_id', 64).nullable();
    table.boolean('drifted').nullable();
    table.timestamp('drift_checked_at', { useTz: true }).nullable();
    table.text('drift_message').nullable();
    table.string('created_by', 255).notNullable();
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('videogen_environments');
};
