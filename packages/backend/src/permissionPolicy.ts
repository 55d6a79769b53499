import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { actionExecutePermission } from '@backstage/plugin-scaffolder-common/alpha';
import {
  createScaffolderActionConditionalDecision,
  scaffolderActionConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  readVideogenRoles,
  rolesGrant,
  rolesOf,
  VideogenRole,
  VideogenRoles,
} from './permissionRoles';

/**
 * Label put on templates that only the destroy groups may see, such as the
 * teardown template.
 */
export const RESTRICTED_TEMPLATE_LABEL = 'videogen.io/requires-destroy';

/** Scaffolder actions that destroy things, restricted like the permission. */
export const DESTRUCTIVE_ACTION_IDS: readonly [string, ...string[]] = [
  'videogen:env:destroy',
  'videogen:state:remove',
];

/** Scaffolder actions that provision, restricted like the permission. */
export const PROVISIONING_ACTION_IDS: readonly string[] = [
  'videogen:env:plan',
  'videogen:env:apply',
  'videogen:state:bootstrap',
];

export type VideogenPolicyOptions = {
  /** Entity refs (lower case) of each role's groups or users. */
  roles: VideogenRoles;
};

/**
 * The permission policy of this backend. The videogen permissions follow the
 * roles of `videogen.permissions.roles` (see permissionRoles.ts): viewer,
 * creator, provisioner, approver, destroyer, admin. The scaffolder's
 * videogen actions follow the same roles (destroying actions and the
 * teardown template need destroyer or admin, provisioning actions
 * provisioner or admin). Anything else is allowed to every signed-in user.
 *
 * Who owns a video or a run, and whether the approver started the run, the
 * policy cannot see: the videogen API checks those in its routes.
 */
export class VideogenPermissionPolicy implements PermissionPolicy {
  constructor(private readonly options: VideogenPolicyOptions) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const roles = rolesOf(
      this.options.roles,
      user?.info.ownershipEntityRefs ?? [],
    );
    const has = (role: VideogenRole) => roles.has(role) || roles.has('admin');
    const allowIf = (allowed: boolean): PolicyDecision => ({
      result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
    });

    const { permission } = request;
    if (permission.name.startsWith('videogen.')) {
      return allowIf(rolesGrant(roles, permission.name));
    }
    if (isPermission(permission, actionExecutePermission)) {
      const refused = [
        ...(has('destroyer') ? [] : DESTRUCTIVE_ACTION_IDS),
        ...(has('provisioner') ? [] : PROVISIONING_ACTION_IDS),
      ];
      if (refused.length === 0) {
        return allowIf(true);
      }
      const [first, ...rest] = refused.map(actionId =>
        scaffolderActionConditions.hasActionId({ actionId }),
      );
      return createScaffolderActionConditionalDecision(permission, {
        not: { anyOf: [first, ...rest] },
      });
    }
    if (
      !has('destroyer') &&
      isPermission(permission, catalogEntityReadPermission)
    ) {
      return createCatalogConditionalDecision(permission, {
        not: catalogConditions.hasLabel({ label: RESTRICTED_TEMPLATE_LABEL }),
      });
    }
    return allowIf(true);
  }
}

/**
 * Installs {@link VideogenPermissionPolicy}, configured by
 * `videogen.permissions` (roles, and the older destroyGroups/adminGroups).
 */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'videogen-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ policy, config }) {
        policy.setPolicy(
          new VideogenPermissionPolicy({ roles: readVideogenRoles(config) }),
        );
      },
    });
  },
});
