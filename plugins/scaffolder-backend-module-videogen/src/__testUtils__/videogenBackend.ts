import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AddressInfo } from 'node:net';
import { DiscoveryService } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
// The actions are clients of the videogen plugin: tests run the real one.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import videogenPlugin from '@videogen/plugin-videogen-backend';

const repoRoot = path.resolve(__dirname, '../../../..');

/**
 * Roots whose local apply waits, in a provisioner, until the file named by
 * the `release_file` variable exists (the run engine's own fault fixture):
 * a run that is reliably still going when a test aborts it.
 */
export const HANGING_ROOTS = path.join(
  repoRoot,
  'plugins/videogen-backend/src/terraform/__fixtures__/hanging',
);

/**
 * A real videogen backend plugin (real database, real terraform against the
 * local root) on a loopback port, for the actions to talk to over HTTP the
 * way they do in production.
 */
export async function startVideogenBackend(
  options: {
    /**
     * Terraform roots other than the repository's, such as
     * {@link HANGING_ROOTS}.
     */
    environmentsDir?: string;
  } = {},
) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'videogen-actions-'));
  const backend = await startTestBackend({
    features: [
      videogenPlugin,
      mockServices.rootConfig.factory({
        data: {
          videogen: {
            dataDir,
            terraform: {
              environmentsDir:
                options.environmentsDir ??
                path.join(repoRoot, 'terraform/environments'),
              cliConfigFile: path.join(repoRoot, 'terraform/cli.tfrc'),
            },
          },
        },
      }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}/api/videogen`;
  const discovery: DiscoveryService = {
    getBaseUrl: async () => baseUrl,
    getExternalBaseUrl: async () => baseUrl,
  };
  return {
    discovery,
    auth: mockServices.auth(),
    baseUrl,
    /** Calls the videogen API directly, as a signed-in user. */
    api: async (method: string, route: string, body?: unknown) => {
      const response = await fetch(`${baseUrl}${route}`, {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: response.status, body: await response.json() };
    },
    async stop() {
      await backend.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A mock action context that records log lines and outputs, keeps
 * checkpoints in a map (as the scaffolder's task state does across a
 * recovery) and carries the signal and dry-run flag the stock helper drops.
 */
export function actionContext<TInput extends Record<string, any>>(
  input: TInput,
  options: {
    isDryRun?: boolean;
    signal?: AbortSignal;
    checkpoints?: Map<string, unknown>;
  } = {},
) {
  const lines: string[] = [];
  const outputs: Record<string, unknown> = {};
  const checkpoints = options.checkpoints ?? new Map<string, unknown>();
  const base = createMockActionContext({ input: input as any });
  const record = (message: string) => {
    lines.push(message);
  };
  const logger = {
    info: record,
    warn: record,
    error: record,
    debug: () => {},
    child: () => logger,
  } as unknown as typeof base.logger;
  const ctx = {
    ...base,
    logger,
    isDryRun: options.isDryRun,
    signal: options.signal,
    step: { id: 'step-under-test', name: 'step' },
    output: (name: string, value: unknown) => {
      outputs[name] = value;
    },
    async checkpoint<T>(opts: {
      key: string;
      fn: () => Promise<T> | T;
    }): Promise<T> {
      if (checkpoints.has(opts.key)) return checkpoints.get(opts.key) as T;
      const value = await opts.fn();
      checkpoints.set(opts.key, value);
      return value;
    },
  };
  return { ctx: ctx as any, lines, outputs, checkpoints };
}
