import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  coreServices,
  createServiceFactory,
  RootLoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import { Run } from '@videogen/plugin-videogen-common';
import request from 'supertest';
import { videogenPlugin } from '../../plugin';
import { CLI_CONFIG_FILE, REAL_ENVIRONMENTS_DIR } from './harness';

export const API = '/api/videogen';

/**
 * Users of the test policy, mirroring the roles of the app's policy
 * (packages/backend/src/permissionRoles.ts): `admin` may do everything,
 * `dev` (provisioner) and `dev2` (another provisioner) read and provision,
 * `approver` read and approve, `viewer` only read, `nobody` nothing. The
 * default mock user (`user:default/mock`) may do everything but force-unlock
 * (so it may also set the fixtures' unclassified variables).
 */
const grants: Record<string, string[]> = {
  'user:default/admin': [
    'videogen.environment.read',
    'videogen.environment.create',
    'videogen.environment.delete',
    'videogen.environment.admin',
    'videogen.environment.variables.admin',
    'videogen.run.approve',
  ],
  'user:default/mock': [
    'videogen.environment.read',
    'videogen.environment.create',
    'videogen.environment.delete',
    'videogen.environment.variables.admin',
    'videogen.run.approve',
  ],
  'user:default/dev': [
    'videogen.environment.read',
    'videogen.environment.create',
  ],
  'user:default/dev2': [
    'videogen.environment.read',
    'videogen.environment.create',
  ],
  'user:default/approver': [
    'videogen.environment.read',
    'videogen.run.approve',
  ],
  'user:default/viewer': ['videogen.environment.read'],
  'user:default/nobody': [],
};

export type TestUser =
  | 'admin'
  | 'dev'
  | 'dev2'
  | 'approver'
  | 'viewer'
  | 'nobody';

/** The Authorization header of one of the test policy's users. */
export const as = (user: TestUser) =>
  mockCredentials.user.header(`user:default/${user}`);

/**
 * A root logger that keeps everything logged through it and its children
 * (message, metadata and the children's fields), one JSON text per call.
 */
export class RecordingLogger implements RootLoggerService {
  constructor(
    readonly records: string[] = [],
    private readonly fields: JsonObject = {},
  ) {}

  private record(level: string, message: string, meta?: Error | JsonObject) {
    const details =
      meta instanceof Error ? { error: meta.message, stack: meta.stack } : meta;
    this.records.push(
      JSON.stringify({ level, message, ...this.fields, ...details }),
    );
  }

  error(message: string, meta?: Error | JsonObject) {
    this.record('error', message, meta);
  }
  warn(message: string, meta?: Error | JsonObject) {
    this.record('warn', message, meta);
  }
  info(message: string, meta?: Error | JsonObject) {
    this.record('info', message, meta);
  }
  debug(message: string, meta?: Error | JsonObject) {
    this.record('debug', message, meta);
  }
  child(meta: JsonObject): RecordingLogger {
    return new RecordingLogger(this.records, { ...this.fields, ...meta });
  }

  /** A test backend feature that makes this the root logger. */
  factory() {
    return createServiceFactory({
      service: coreServices.rootLogger,
      deps: {},
      factory: () => this,
    });
  }
}

/**
 * The videogen plugin in a test backend, with the test permission policy and
 * `videogen.terraform` settings (the repository's roots unless overridden).
 */
export async function startRunsApi(
  options: {
    terraform?: JsonObject;
    /** More `videogen` settings, such as `approval`. */
    videogen?: JsonObject;
    onPublish?: (params: unknown) => void;
    logger?: RecordingLogger;
    /** More test backend features (service factories). */
    features?: Parameters<typeof startTestBackend>[0]['features'];
  } = {},
) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'videogen-api-test-'));
  const permissions = mockServices.permissions.mock({
    authorize: async (requests, { credentials }) => {
      const principal = credentials.principal as { userEntityRef?: string };
      const allowed = grants[principal.userEntityRef ?? ''] ?? [];
      return requests.map(
        r =>
          ({
            result: allowed.includes(r.permission.name)
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
          } as PolicyDecision),
      ) as any;
    },
  });
  const events = mockServices.events.mock({
    publish: async params => options.onPublish?.(params),
  });
  const logger = options.logger;
  const backend = await startTestBackend({
    features: [
      videogenPlugin,
      permissions.factory,
      events.factory,
      ...(logger ? [logger.factory()] : []),
      ...(options.features ?? []),
      mockServices.rootConfig.factory({
        data: {
          videogen: {
            dataDir,
            terraform: {
              environmentsDir: REAL_ENVIRONMENTS_DIR,
              cliConfigFile: CLI_CONFIG_FILE,
              lockTimeout: { seconds: 0 },
              driftCheckInterval: false,
              ...options.terraform,
            },
            ...options.videogen,
          },
        },
      }),
    ],
  });
  const server: Parameters<typeof request>[0] = backend.server;

  return {
    server,
    dataDir,

    /** Polls GET /runs/:id until the run is in one of `statuses`. */
    async waitForRun(id: string, statuses: string[]): Promise<Run> {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const res = await request(server).get(`${API}/runs/${id}`);
        if (res.status !== 200) {
          throw new Error(`GET run ${id}: ${res.status} ${res.text}`);
        }
        if (statuses.includes(res.body.status)) return res.body as Run;
        if (Date.now() > deadline) throw new Error(JSON.stringify(res.body));
        await new Promise(r => setTimeout(r, 100));
      }
    },

    async stop() {
      await backend.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type RunsApi = Awaited<ReturnType<typeof startRunsApi>>;
