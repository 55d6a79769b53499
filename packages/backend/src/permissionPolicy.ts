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
  videogenEnvironmentAdminPermission,
  videogenEnvironmentDeletePermission,
} from '@videogen/plugin-videogen-common';

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

export type VideogenPolicyOptions = {
  /** Entity refs of the groups (or users) allowed to destroy environments. */
  destroyGroups: string[];
  /** Entity refs of the groups (or users) allowed to force-unlock state. */
  adminGroups: string[];
};

/**
 * The permission policy of this backend: everyone signed in may read, upload
 * and provision; only members of the configured groups may destroy an
 * environment (API permission, scaffolder actions and the teardown template)
 * or force-unlock Terraform state.
 */
export class VideogenPermissionPolicy implements PermissionPolicy {
  constructor(private readonly options: VideogenPolicyOptions) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const ownership = user?.info.ownershipEntityRefs ?? [];
    const memberOf = (groups: string[]) =>
      ownership.some(ref => groups.includes(ref.toLocaleLowerCase('en-US')));
    const canDestroy = memberOf(this.options.destroyGroups);

    if (isPermission(request.permission, videogenEnvironmentDeletePermission)) {
      return {
        result: canDestroy ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      };
    }
    if (isPermission(request.permission, videogenEnvironmentAdminPermission)) {
      return {
        result: memberOf(this.options.adminGroups)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      };
    }
    if (
      !canDestroy &&
      isPermission(request.permission, actionExecutePermission)
    ) {
      return createScaffolderActionConditionalDecision(request.permission, {
        not: {
          anyOf: [
            scaffolderActionConditions.hasActionId({
              actionId: DESTRUCTIVE_ACTION_IDS[0],
            }),
            ...DESTRUCTIVE_ACTION_IDS.slice(1).map(actionId =>
              scaffolderActionConditions.hasActionId({ actionId }),
            ),
          ],
        },
      });
    }
    if (
      !canDestroy &&
      isPermission(request.permission, catalogEntityReadPermission)
    ) {
      return createCatalogConditionalDecision(request.permission, {
        not: catalogConditions.hasLabel({ label: RESTRICTED_TEMPLATE_LABEL }),
      });
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

const normalizeRefs = (refs: string[]) =>
  refs.map(ref => ref.toLocaleLowerCase('en-US'));

/** Installs {@link VideogenPermissionPolicy}, configured by `videogen.permissions`. */
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
        const permissions = config.getOptionalConfig('videogen.permissions');
        const defaults = ['group:default/platform-team'];
        policy.setPolicy(
          new VideogenPermissionPolicy({
            destroyGroups: normalizeRefs(
              permissions?.getOptionalStringArray('destroyGroups') ?? defaults,
            ),
            adminGroups: normalizeRefs(
              permissions?.getOptionalStringArray('adminGroups') ?? defaults,
            ),
          }),
        );
      },
    });
  },
});
