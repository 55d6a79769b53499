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
 * Provision or change an environment: plan, apply and approve Terraform runs.
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

/** @public */
export const videogenPermissions = [
  videogenVideoCreatePermission,
  videogenVideoReadPermission,
  videogenEnvironmentCreatePermission,
  videogenEnvironmentDeletePermission,
  videogenEnvironmentReadPermission,
  videogenEnvironmentAdminPermission,
];
