import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleVideogen from '@videogen/plugin-scaffolder-backend-module-videogen';
import { AddressInfo } from 'node:net';
import permissionPolicyModule from './permissionPolicy';

jest.setTimeout(60_000);

/**
 * The mock HTTP auth service, except that a user's credentials forwarded by
 * a plugin keep that plugin as their actor, as real on-behalf-of tokens do.
 * The permission backend answers conditional decisions (like the policy's
 * hasActionId one) only to such forwarded requests, never to a user directly.
 */
const httpAuthWithActors = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const httpAuth = mockServices.httpAuth({ pluginId: plugin.getId() });
    return {
      issueUserCookie: httpAuth.issueUserCookie.bind(httpAuth),
      async credentials(req: any, options?: any) {
        const credentials = await httpAuth.credentials(req, options);
        const token = String(req.headers.authorization ?? '');
        const principal = credentials.principal as {
          type: string;
          userEntityRef?: string;
        };
        if (principal.type === 'user' && token.includes('"obo"')) {
          const { sub } = JSON.parse(token.slice(token.indexOf('{')));
          return mockCredentials.user(principal.userEntityRef, {
            actor: { subject: sub },
          }) as any;
        }
        return credentials;
      },
    };
  },
});

/**
 * The policy as the real scaffolder applies it: a dry run of the teardown
 * step, by a user outside the destroy groups and by one inside them.
 */
describe('the permission policy in the scaffolder', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleVideogen,
        permissionPlugin,
        permissionPolicyModule,
        // The mock user-info service gives a user only their own ref, so the
        // destroy "group" here is one user.
        mockServices.userInfo.factory(),
        httpAuthWithActors,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            videogen: {
              permissions: {
                // The older keys, still read as the destroyer and admin roles.
                destroyGroups: ['user:default/ada'],
                adminGroups: ['user:default/ada'],
                roles: {
                  viewer: ['user:default/vic'],
                  provisioner: ['user:default/pat'],
                },
              },
            },
          },
        }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
  });

  afterAll(() => stop());

  const dryRun = async (
    userEntityRef: string,
    step: { id: string; action: string; input: object },
  ) => {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(
      `http://127.0.0.1:${port}/api/scaffolder/v2/dry-run`,
      {
        method: 'POST',
        headers: {
          Authorization: mockCredentials.user.header(userEntityRef),
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({
          template: {
            apiVersion: 'scaffolder.backstage.io/v1beta3',
            kind: 'Template',
            metadata: { name: 'teardown' },
            spec: {
              type: 'service',
              steps: [step],
            },
          },
          values: {},
          directoryContents: [],
        }),
      },
    );
    return { status: response.status, body: await response.json() };
  };
  const dryRunTeardown = (userEntityRef: string) =>
    dryRun(userEntityRef, {
      id: 'destroy',
      action: 'videogen:env:destroy',
      input: { name: 'demo', drainTimeoutSeconds: 0 },
    });
  const dryRunPlan = (userEntityRef: string) =>
    dryRun(userEntityRef, {
      id: 'plan',
      action: 'videogen:env:plan',
      input: { name: 'demo', target: 'local' },
    });

  it('refuses videogen:env:destroy to a user outside the destroy groups', async () => {
    const response = await dryRunTeardown('user:default/bob');
    expect(response.status).toBe(403);
    expect(response.body.error).toMatchObject({
      name: 'NotAllowedError',
      message:
        'Unauthorized action: videogen:env:destroy. The action is not allowed.',
    });
  });

  it('lets a member of the destroy groups past the check, so the step itself runs', async () => {
    const response = await dryRunTeardown('user:default/ada');
    // No videogen backend runs here: reaching the action's own "no such
    // environment" answer shows the permission check let the step through.
    expect(response.body.error.name).not.toBe('NotAllowedError');
    expect(response.body.error.message).toBe(
      'There is no environment named "demo" to destroy.',
    );
  });

  it('refuses videogen:env:plan to a viewer, who may not provision', async () => {
    const response = await dryRunPlan('user:default/vic');
    expect(response.status).toBe(403);
    expect(response.body.error).toMatchObject({
      name: 'NotAllowedError',
      message:
        'Unauthorized action: videogen:env:plan. The action is not allowed.',
    });
  });

  it('lets a provisioner plan, but not destroy', async () => {
    const plan = await dryRunPlan('user:default/pat');
    expect(plan.body.error?.name).not.toBe('NotAllowedError');
    expect(plan.status).toBe(200);
    expect(JSON.stringify(plan.body.log)).toContain(
      'Dry run: would create environment demo (local, local) and plan it.',
    );
    const teardown = await dryRunTeardown('user:default/pat');
    expect(teardown.status).toBe(403);
  });
});
