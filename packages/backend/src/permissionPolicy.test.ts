import {
  AuthorizeResult,
  ConditionalPolicyDecision,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { actionExecutePermission } from '@backstage/plugin-scaffolder-common/alpha';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  videogenEnvironmentAdminPermission,
  videogenEnvironmentCreatePermission,
  videogenEnvironmentDeletePermission,
  videogenVideoCreatePermission,
} from '@videogen/plugin-videogen-common';
import {
  RESTRICTED_TEMPLATE_LABEL,
  VideogenPermissionPolicy,
} from './permissionPolicy';

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

describe('VideogenPermissionPolicy', () => {
  const policy = new VideogenPermissionPolicy({
    destroyGroups: ['group:default/platform-team'],
    adminGroups: ['group:default/sre'],
  });
  const platformEngineer = userIn(
    'user:default/ada',
    'group:default/platform-team',
  );
  const developer = userIn('user:default/bob', 'group:default/app-team');

  it('lets any signed-in user upload and provision', async () => {
    for (const permission of [
      videogenVideoCreatePermission,
      videogenEnvironmentCreatePermission,
    ]) {
      expect(await policy.handle({ permission }, developer)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('lets only the destroy groups destroy an environment', async () => {
    const permission = videogenEnvironmentDeletePermission;
    expect((await policy.handle({ permission }, platformEngineer)).result).toBe(
      AuthorizeResult.ALLOW,
    );
    expect((await policy.handle({ permission }, developer)).result).toBe(
      AuthorizeResult.DENY,
    );
    expect((await policy.handle({ permission })).result).toBe(
      AuthorizeResult.DENY,
    );
  });

  it('keeps force-unlock for the admin groups', async () => {
    const permission = videogenEnvironmentAdminPermission;
    expect((await policy.handle({ permission }, platformEngineer)).result).toBe(
      AuthorizeResult.DENY,
    );
    expect(
      (
        await policy.handle(
          { permission },
          userIn('user:default/eve', 'group:default/sre'),
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
  });

  it('denies a user outside the destroy groups the videogen:env:destroy action (hasActionId)', async () => {
    const decision = (await policy.handle(
      { permission: actionExecutePermission },
      developer,
    )) as ConditionalPolicyDecision;
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
    expect(decision.conditions).toEqual({
      not: {
        anyOf: [
          expect.objectContaining({
            rule: 'HAS_ACTION_ID',
            params: { actionId: 'videogen:env:destroy' },
          }),
          expect.objectContaining({
            rule: 'HAS_ACTION_ID',
            params: { actionId: 'videogen:state:remove' },
          }),
        ],
      },
    });
    expect(
      (
        await policy.handle(
          { permission: actionExecutePermission },
          platformEngineer,
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
  });

  it('hides templates labelled as restricted from users outside the destroy groups', async () => {
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
  });
});
