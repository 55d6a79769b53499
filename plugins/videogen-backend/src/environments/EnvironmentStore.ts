import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import {
  Environment,
  EnvironmentLifecycle,
  EnvironmentTarget,
} from '@videogen/plugin-videogen-common';

export const ENVIRONMENTS_TABLE = 'videogen_environments';
const TABLE = ENVIRONMENTS_TABLE;

type EnvironmentRow = {
  name: string;
  target: string;
  region: string;
  variables: string;
  require_approval: boolean | number;
  state_bucket?: string | null;
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
  state_version?: number;
};

// SQLite returns timestamps as strings and booleans as 0/1; PostgreSQL as
// Date and boolean. Normalise both to the API's shapes.
export const iso = (value: Date | string): string =>
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
    ...(row.state_bucket ? { stateBucket: row.state_bucket } : {}),
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
   * Registers a new environment (status NEW). A name that was used by an
   * environment since destroyed is taken again: the row starts over and the
   * old runs stay in the history. Any other existing name is a conflict.
   */
  async create(env: {
    name: string;
    target: EnvironmentTarget;
    region: string;
    variables: Record<string, string | number | boolean>;
    requireApproval: boolean;
    stateBucket?: string;
    createdBy: string;
  }): Promise<Environment> {
    const now = new Date().toISOString();
    const values = {
      target: env.target,
      region: env.region,
      variables: JSON.stringify(env.variables),
      require_approval: env.requireApproval,
      state_bucket: env.stateBucket ?? null,
      built_in: false,
      status: 'NEW',
      outputs: '{}',
      last_run_id: null,
      drifted: null,
      drift_checked_at: null,
      drift_message: null,
      created_by: env.createdBy,
      created_at: now,
      updated_at: now,
    };
    const revived = await this.knex(TABLE)
      .where({ name: env.name, status: 'DESTROYED', built_in: false })
      .update(values);
    if (!revived) {
      try {
        await this.knex(TABLE).insert({ name: env.name, ...values });
      } catch (error) {
        const existing = await this.get(env.name);
        if (existing) {
          throw new ConflictError(
            `Environment ${env.name} already exists (status ${existing.status}, created by ${existing.createdBy} at ${existing.createdAt}); choose another name, or destroy it first.`,
          );
        }
        throw error;
      }
    }
    return (await this.get(env.name))!;
  }

  /** Changes an environment's lifecycle fields. */
  async update(
    name: string,
    patch: {
      status?: EnvironmentLifecycle;
      outputs?: Record<string, unknown>;
      lastRunId?: string;
      drift?: { drifted: boolean; checkedAt: string; message?: string };
      /** The run may have changed the Terraform state. */
      stateChanged?: boolean;
    },
  ): Promise<void> {
    const values: Record<string, unknown> = {
      updated_at: new Date().toISOString(),
    };
    if (patch.status) values.status = patch.status;
    if (patch.outputs) values.outputs = JSON.stringify(patch.outputs);
    if (patch.lastRunId) values.last_run_id = patch.lastRunId;
    if (patch.drift) {
      values.drifted = patch.drift.drifted;
      values.drift_checked_at = patch.drift.checkedAt;
      values.drift_message = patch.drift.message ?? null;
    }
    if (patch.stateChanged) {
      values.state_version = this.knex.raw('state_version + 1');
    }
    await this.knex(TABLE).where({ name }).update(values);
  }

  /**
   * A counter that grows whenever a run may have changed the environment's
   * Terraform state; a saved plan made at an older value is stale.
   */
  async stateVersion(name: string): Promise<number> {
    const row = await this.knex<EnvironmentRow>(TABLE)
      .where({ name })
      .first('state_version');
    return Number(row?.state_version ?? 0);
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
        require_approval: env.target === 'aws',
        status: 'READY',
        created_by: 'config:videogen.environments',
      })
      .onConflict('name')
      .merge(['target', 'region', 'variables', 'built_in']);
  }
}
