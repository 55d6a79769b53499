// @ts-check

/**
 * Terraform runs and their logs.
 *
 * One run per environment at a time is enforced here, not in memory: a
 * unique partial index over the environment of the runs that are not
 * finished, so that two backend replicas cannot both start one.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('videogen_environments', table => {
    table
      .integer('state_version')
      .notNullable()
      .defaultTo(0)
      .comment(
        'Incremented whenever a run may have changed the Terraform state; a saved plan made at another version is stale',
      );
  });

  await knex.schema.createTable('videogen_terraform_runs', table => {
    table.comment('Terraform runs (plan, apply, destroy) of the environments');
    table.string('id', 36).primary().notNullable();
    table
      .string('environment', 64)
      .notNullable()
      .references('name')
      .inTable('videogen_environments')
      .onDelete('CASCADE');
    table
      .string('operation', 16)
      .notNullable()
      .comment('plan, apply or destroy');
    table.string('status', 32).notNullable();
    table.string('requested_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('started_at', { useTz: true }).nullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.integer('plan_add').nullable();
    table.integer('plan_change').nullable();
    table.integer('plan_destroy').nullable();
    table.boolean('has_changes').nullable();
    table
      .text('plan_file')
      .nullable()
      .comment(
        'Saved plan (path in the working directory) while it may be applied',
      );
    table
      .integer('plan_state_version')
      .nullable()
      .comment('videogen_environments.state_version when the plan was made');
    table.text('outputs').nullable();
    table.integer('exit_code').nullable();
    table.text('message').nullable();
    table.string('lock_id', 128).nullable();
    table.string('approved_by', 255).nullable();
    table.timestamp('approved_at', { useTz: true }).nullable();
    table.string('cancel_requested_by', 255).nullable();
    table
      .text('options')
      .notNullable()
      .defaultTo('{}')
      .comment('StartRunRequest options (drain timeout, terminate jobs)');
    table.bigInteger('log_size').notNullable().defaultTo(0);
    table
      .string('owner', 128)
      .nullable()
      .comment('Backend instance executing the run (host:instance id)');
    table.timestamp('heartbeat_at', { useTz: true }).nullable();
    table.integer('pid').nullable().comment('PID of the running terraform');
    table.index(
      ['environment', 'created_at'],
      'videogen_terraform_runs_env_idx',
    );
  });

  // The single run slot of an environment. Same syntax in SQLite and
  // PostgreSQL.
  await knex.raw(`
    CREATE UNIQUE INDEX videogen_terraform_runs_one_active
    ON videogen_terraform_runs (environment)
    WHERE status IN ('PENDING', 'RUNNING', 'AWAITING_APPROVAL')
  `);

  await knex.schema.createTable('videogen_terraform_run_logs', table => {
    table.comment(
      'Log of a run in chunks, in order; the middle of a very long log is dropped',
    );
    table.bigIncrements('id').primary();
    table
      .string('run_id', 36)
      .notNullable()
      .references('id')
      .inTable('videogen_terraform_runs')
      .onDelete('CASCADE');
    table
      .bigInteger('start_offset')
      .notNullable()
      .comment('Position of the first character in the whole log');
    table.bigInteger('end_offset').notNullable();
    table.text('text').notNullable();
    table.index(
      ['run_id', 'end_offset'],
      'videogen_terraform_run_logs_run_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('videogen_terraform_run_logs');
  await knex.schema.dropTable('videogen_terraform_runs');
  await knex.schema.alterTable('videogen_environments', table => {
    table.dropColumn('state_version');
  });
};
