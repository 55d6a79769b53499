import { Knex } from 'knex';
import {
  Environment,
  EnvironmentLifecycle,
  EnvironmentTarget,
} from '@videogen/plugin-videogen-common';

const TABLE = 'videogen_environments';

type EnvironmentRow = {
  name: string;
  target: string;
  region: string;
  variables: string;
  require_approval: boolean | number;
  built_in: boolean | number;
  status: string;
  outputs: string;
  last_run_id: string | null;
  drifted: boolean | number | null;
  drift_checked_at: Date | string | null;
  drift_message: string | null;
  created_by: string;
  created_at: Date | string;
  updated_at: Date | string;
};

// SQLite returns timestamps as strings and booleans as 0/1; PostgreSQL as
// Date and boolean. Normalise both to the API's shapes.
const iso = (value: Date | string): string =>
  value instanceof Date
    ? value.toISOString()
    : new Date(
        value.includes('T') || value.endsWith('Z')
          ? value
          : `${value.replace(' ', 'T')}Z`,
      ).toISOString();

function toEnvironment(row: EnvironmentRow): Environment {
  return {
    name: row.name,
    target: row.target as EnvironmentTarget,
    region: row.region,
    variables: JSON.parse(row.variables),
    requireApproval: Boolean(row.require_approval),
    builtIn: Boolean(row.built_in),
    status: row.status as EnvironmentLifecycle,
    outputs: JSON.parse(row.outputs),
    lastRunId: row.last_run_id ?? undefined,
    drift:
      row.drifted === null || row.drift_checked_at === null
        ? undefined
        : {
            drifted: Boolean(row.drifted),
            checkedAt: iso(row.drift_checked_at),
            message: row.drift_message ?? undefined,
          },
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** Environments in the plugin's database. */
export class EnvironmentStore {
  constructor(private readonly knex: Knex) {}

  async list(): Promise<Environment[]> {
    const rows = await this.knex<EnvironmentRow>(TABLE).orderBy('name');
    return rows.map(toEnvironment);
  }

  async get(name: string): Promise<Environment | undefined> {
    const row = await this.knex<EnvironmentRow>(TABLE).where({ name }).first();
    return row ? toEnvironment(row) : undefined;
  }

  /**
   * Makes sure a built-in environment (declared in config) exists. It is
   * ready at once: local mode needs nothing provisioned to run jobs.
   */
  async ensureBuiltIn(env: {
    name: string;
    target: EnvironmentTarget;
    region: string;
    variables: Record<string, string | number | boolean>;
  }): Promise<void> {
    await this.knex(TABLE)
      .insert({
        name: env.name,
        target: env.target,
        region: env.region,
        variables: JSON.stringify(env.variables),
        built_in: true,
        status: 'READY',
        created_by: 'config:videogen.environments',
      })
      .onConflict('name')
      .merge(['target', 'region', 'variables', 'built_in']);
  }
}
