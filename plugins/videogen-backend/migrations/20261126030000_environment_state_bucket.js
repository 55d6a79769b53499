// @ts-check

/**
 * Where an aws environment keeps its Terraform state: the bucket its
 * provisioning bootstrapped in its own region (the state:bootstrap action's
 * output). Null means the backend's configured videogen.terraform.stateBucket.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('videogen_environments', table => {
    table.string('state_bucket', 63).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('videogen_environments', table => {
    table.dropColumn('state_bucket');
  });
};
