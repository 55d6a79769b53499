import { ConfigReader } from '@backstage/config';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { actionExecutePermission } from '@backstage/plugin-scaffolder-common/alpha';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  videogenEnvironmentAdminPermission,
  videogenEnvironmentAdminVariablesPermission,
  videogenEnvironmentCreatePermission,
  videogenEnvironmentDeletePermission,
  videogenEnvironmentReadPermission,
  videogenPermissions,
  videogenRunApprovePermission,
  videogenVideoAdminPermission,
  videogenVideoCreatePermission,
  videogenVideoReadPermission,
} from '@videogen/plugin-videogen-common';
import {
  RESTRICTED_TEMPLATE_LABEL,
  VideogenPermissionPolicy,
} from './permissionPolicy';
import { DEFAULT_ROLES, readVideogenRoles } from './permissionRoles';

function userIn(...ownershipEntityRefs: string[]): PolicyQueryUser {
  return {
    identity: {
      type: 'user',
      userEntityRef: ownershipEntityRefs[0],
      ownershipEntityRefs,
    },
    info: { userEntityRef: ownershipEntityRefs[0], ownershipEntityRefs },
    token: 'token',
    credentials: {} as PolicyQueryUser['credentials'],
  } as PolicyQueryUser;
}

const group = (name: string) => `group:default/${name}`;

describe('VideogenPermissionPolicy', () => {
  const policy = new VideogenPermissionPolicy({
    roles: readVideogenRoles(
      new ConfigReader({
        videogen: {
          permissions: {
            roles: {
              viewer: [group('readers')],
              creator: [group('app-team')],
              provisioner: [group('Platform-Team')],
              approver: [group('approvers')],
              destroyer: [group('platform-team')],
              admin: [group('sre')],
            },
          },
        },
      }),
    ),
  });
  const platformEngineer = userIn('user:default/ada', group('platform-team'));
  const developer = userIn('user:default/bob', group('app-team'));
  const reader = userIn('user:default/rae', group('readers'));
  const approver = userIn('user:default/amy', group('approvers'));
  const admin = userIn('user:default/eve', group('sre'));

  const allowed = async (user: PolicyQueryUser | undefined) => {
    const names: string[] = [];
    for (const permission of videogenPermissions) {
      const decision = await policy.handle({ permission }, user);
      if (decision.result === AuthorizeResult.ALLOW)
        names.push(permission.name);
    }
    return names.sort();
  };
  const read = [
    videogenEnvironmentReadPermission.name,
    videogenVideoReadPermission.name,
  ];

  it('grants each role its permissions, and reading to all of them', async () => {
    expect(await allowed(reader)).toEqual(read);
    expect(await allowed(developer)).toEqual(
      [...read, videogenVideoCreatePermission.name].sort(),
    );
    expect(await allowed(approver)).toEqual(
      [...read, videogenRunApprovePermission.name].sort(),
    );
    expect(await allowed(platformEngineer)).toEqual(
      [
        ...read,
        videogenEnvironmentCreatePermission.name,
        videogenEnvironmentDeletePermission.name,
      ].sort(),
    );
    expect(await allowed(admin)).toEqual(
      videogenPermissions.map(p => p.name).sort(),
    );
    expect(await allowed(userIn('user:default/zed', group('other')))).toEqual(
      [],
    );
    expect(await allowed(undefined)).toEqual([]);
  });

  it('keeps force-unlock, admin-only variables and cancelling anyone’s video for admins', async () => {
    for (const permission of [
      videogenEnvironmentAdminPermission,
      videogenEnvironmentAdminVariablesPermission,
      videogenVideoAdminPermission,
    ]) {
      expect(
        (await policy.handle({ permission }, platformEngineer)).result,
      ).toBe(AuthorizeResult.DENY);
      expect((await policy.handle({ permission }, admin)).result).toBe(
        AuthorizeResult.ALLOW,
      );
    }
  });

  it('denies a user outside the destroyer and provisioner roles those scaffolder actions (hasActionId)', async () => {
    const decision = (await policy.handle(
      { permission: actionExecutePermission },
      developer,
    )) as ConditionalPolicyDecision;
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
    const refused = (decision.conditions as any).not.anyOf.map(
      (c: any) => c.params.actionId,
    );
    expect(refused).toEqual([
      'videogen:env:destroy',
      'videogen:state:remove',
      'videogen:env:plan',
      'videogen:env:apply',
      'videogen:state:bootstrap',
    ]);
    expect(decision.conditions).toEqual({
      not: {
        anyOf: expect.arrayContaining([
          expect.objectContaining({
            rule: 'HAS_ACTION_ID',
            params: { actionId: 'videogen:env:destroy' },
          }),
        ]),
      },
    });

    for (const user of [platformEngineer, admin]) {
      expect(
        (await policy.handle({ permission: actionExecutePermission }, user))
          .result,
      ).toBe(AuthorizeResult.ALLOW);
    }
  });

  it('hides templates labelled as restricted from users outside the destroyer role', async () => {
    const decision = (await policy.handle(
      { permission: catalogEntityReadPermission },
      developer,
    )) as ConditionalPolicyDecision;
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
    expect(decision.conditions).toEqual({
      not: expect.objectContaining({
        rule: 'HAS_LABEL',
        params: { label: RESTRICTED_TEMPLATE_LABEL },
      }),
    });
    expect(
      (
        await policy.handle(
          { permission: catalogEntityReadPermission },
          platformEngineer,
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
  });
});

describe('readVideogenRoles', () => {
  it('uses the defaults when nothing is configured', () => {
    expect(readVideogenRoles(new ConfigReader({}))).toEqual(DEFAULT_ROLES);
  });

  it('still reads destroyGroups and adminGroups, which replace the defaults of their roles', () => {
    const roles = readVideogenRoles(
      new ConfigReader({
        videogen: {
          permissions: {
            destroyGroups: ['group:default/Ops'],
            adminGroups: ['user:default/root'],
          },
        },
      }),
    );
    expect(roles.destroyer).toEqual(['group:default/ops']);
    expect(roles.admin).toEqual(['user:default/root']);
    expect(roles.viewer).toEqual(DEFAULT_ROLES.viewer);
  });

  it('adds the old keys to explicit role lists', () => {
    const roles = readVideogenRoles(
      new ConfigReader({
        videogen: {
          permissions: {
            roles: { destroyer: ['group:default/a'] },
            destroyGroups: ['group:default/b'],
          },
        },
      }),
    );
    expect(roles.destroyer).toEqual(['group:default/a', 'group:default/b']);
  });
});
