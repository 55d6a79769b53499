import {
  createPermission,
  type BasicPermission,
} from '@backstage/plugin-permission-common';

/**
 * Upload a photo and a script to generate a video.
 * @public
 */
export const videogenVideoCreatePermission: BasicPermission = createPermission({
  name: 'videogen.video.create',
  attributes: { action: 'create' },
});

/**
 * Read videos, jobs and environment status.
 * @public
 */
export const videogenVideoReadPermission: BasicPermission = createPermission({
  name: 'videogen.video.read',
  attributes: { action: 'read' },
});

/**
 * Provision or change an environment: create it and plan or apply Terraform
 * runs (approving is {@link videogenRunApprovePermission}).
 * @public
 */
export const videogenEnvironmentCreatePermission: BasicPermission =
  createPermission({
    name: 'videogen.environment.create',
    attributes: { action: 'create' },
  });

/**
 * Destroy an environment.
 * @public
 */
export const videogenEnvironmentDeletePermission: BasicPermission =
  createPermission({
    name: 'videogen.environment.delete',
    attributes: { action: 'delete' },
  });

/**
 * Read environments, their Terraform runs and logs.
 * @public
 */
export const videogenEnvironmentReadPermission: BasicPermission =
  createPermission({
    name: 'videogen.environment.read',
    attributes: { action: 'read' },
  });

/**
 * Break glass: force-unlock an environment's Terraform state. Meant for
 * administrators only; a permission policy should grant it narrowly.
 * @public
 */
export const videogenEnvironmentAdminPermission: BasicPermission =
  createPermission({
    name: 'videogen.environment.admin',
    attributes: { action: 'update' },
  });

/**
 * Cancel (or delete) any user's video, not only one's own. Without it a user
 * who may create videos can cancel only the videos they created.
 * @public
 */
export const videogenVideoAdminPermission: BasicPermission = createPermission({
  name: 'videogen.video.admin',
  attributes: { action: 'update' },
});

/**
 * Approve a Terraform run that waits for approval, and cancel anyone's run.
 * The API never lets the user who started a run approve it (unless
 * `videogen.approval.allowSelfApproval` is set, for a one-person local demo).
 * @public
 */
export const videogenRunApprovePermission: BasicPermission = createPermission({
  name: 'videogen.run.approve',
  attributes: { action: 'update' },
});

/**
 * Set the admin-only Terraform variables of an environment (principals,
 * CIDRs, images, domains and security switches; see
 * {@link isAdminOnlyTerraformVariable}).
 * @public
 */
export const videogenEnvironmentAdminVariablesPermission: BasicPermission =
  createPermission({
    name: 'videogen.environment.variables.admin',
    attributes: { action: 'update' },
  });

/** @public */
export const videogenPermissions = [
  videogenVideoCreatePermission,
  videogenVideoReadPermission,
  videogenVideoAdminPermission,
  videogenEnvironmentCreatePermission,
  videogenEnvironmentDeletePermission,
  videogenEnvironmentReadPermission,
  videogenEnvironmentAdminPermission,
  videogenEnvironmentAdminVariablesPermission,
  videogenRunApprovePermission,
];

export * from './terraformVariables';
