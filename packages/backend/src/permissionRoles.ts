import { Config } from '@backstage/config';
import {
  videogenEnvironmentCreatePermission,
  videogenEnvironmentDeletePermission,
  videogenEnvironmentReadPermission,
  videogenPermissions,
  videogenRunApprovePermission,
  videogenVideoCreatePermission,
  videogenVideoReadPermission,
} from '@videogen/plugin-videogen-common';

/** The roles of `videogen.permissions.roles`, from least to most powerful. */
export const VIDEOGEN_ROLES = [
  'viewer',
  'creator',
  'provisioner',
  'approver',
  'destroyer',
  'admin',
] as const;

export type VideogenRole = (typeof VIDEOGEN_ROLES)[number];

/** Entity refs (groups or users), lower case, of each role's members. */
export type VideogenRoles = Record<VideogenRole, string[]>;

const READ = [
  videogenVideoReadPermission.name,
  videogenEnvironmentReadPermission.name,
];

/**
 * The videogen permissions each role grants. Every role may read; admin may
 * do everything (including what no other role grants: force-unlock, admin-only
 * Terraform variables and cancelling anyone's video).
 */
export const ROLE_PERMISSIONS: Readonly<Record<VideogenRole, string[]>> = {
  viewer: READ,
  creator: [...READ, videogenVideoCreatePermission.name],
  provisioner: [...READ, videogenEnvironmentCreatePermission.name],
  approver: [...READ, videogenRunApprovePermission.name],
  destroyer: [...READ, videogenEnvironmentDeletePermission.name],
  admin: videogenPermissions.map(p => p.name),
};

const PLATFORM_TEAM = 'group:default/platform-team';
const APP_TEAM = 'group:default/app-team';

/**
 * Who has each role when `videogen.permissions.roles` does not say: the app
 * team may view and create videos, the platform team everything.
 */
export const DEFAULT_ROLES: Readonly<VideogenRoles> = {
  viewer: [APP_TEAM, PLATFORM_TEAM],
  creator: [APP_TEAM, PLATFORM_TEAM],
  provisioner: [PLATFORM_TEAM],
  approver: [PLATFORM_TEAM],
  destroyer: [PLATFORM_TEAM],
  admin: [PLATFORM_TEAM],
};

const normalizeRefs = (refs: string[]) =>
  refs.map(ref => ref.toLocaleLowerCase('en-US'));

/**
 * Reads `videogen.permissions`: `roles.<role>` lists each role's groups (a
 * role left out keeps its default); the older `destroyGroups` and
 * `adminGroups` keys still work and add their entries to the destroyer and
 * admin roles.
 */
export function readVideogenRoles(config: Config): VideogenRoles {
  const permissions = config.getOptionalConfig('videogen.permissions');
  const roles = permissions?.getOptionalConfig('roles');
  const result = {} as VideogenRoles;
  for (const role of VIDEOGEN_ROLES) {
    result[role] = normalizeRefs(
      roles?.getOptionalStringArray(role) ?? DEFAULT_ROLES[role],
    );
  }
  const aliases: Array<[string, VideogenRole]> = [
    ['destroyGroups', 'destroyer'],
    ['adminGroups', 'admin'],
  ];
  for (const [key, role] of aliases) {
    const refs = permissions?.getOptionalStringArray(key);
    if (refs) {
      // An alias alone replaces the role's default, as the key always did;
      // next to an explicit role list it adds to it.
      const base = roles?.has(role) ? result[role] : [];
      result[role] = [...new Set([...base, ...normalizeRefs(refs)])];
    }
  }
  return result;
}

/** The roles of a user with these ownership refs (their own and groups'). */
export function rolesOf(
  roles: VideogenRoles,
  ownershipEntityRefs: string[],
): Set<VideogenRole> {
  const refs = normalizeRefs(ownershipEntityRefs);
  return new Set(
    VIDEOGEN_ROLES.filter(role => roles[role].some(ref => refs.includes(ref))),
  );
}

/** Whether any of the roles grants the videogen permission `name`. */
export function rolesGrant(roles: Set<VideogenRole>, name: string): boolean {
  return [...roles].some(role => ROLE_PERMISSIONS[role].includes(name));
}
