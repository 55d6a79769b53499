import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import { Request } from 'express';

/**
 * Who a caller is, as recorded in `createdBy`, `requestedBy` and
 * `approvedBy`: the user's entity ref, or the calling service's subject (for
 * example `plugin:scaffolder`).
 */
export function callerName(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return principal.userEntityRef ?? principal.subject ?? principal.type;
}

/**
 * Checks the caller's credentials (401 without them) and one permission
 * (403 with `refusal` when denied). Returns who the caller is (see
 * {@link callerName}). `authorize.allows` answers whether the same caller
 * also has another permission, for the routes whose rule depends on what
 * they look up (the owner of a run, the variables of a request).
 */
export function createAuthorizer(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}) {
  const { httpAuth, permissions } = options;
  const credentialsOf = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });
  const allows = async (
    credentials: BackstageCredentials,
    permission: BasicPermission,
  ): Promise<boolean> => {
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    return decision.result === AuthorizeResult.ALLOW;
  };

  const authorize = async (
    req: Request,
    permission: BasicPermission,
    refusal: string,
  ): Promise<string> => {
    const credentials = await credentialsOf(req);
    if (!(await allows(credentials, permission))) {
      throw new NotAllowedError(refusal);
    }
    return callerName(credentials);
  };

  /** Whether the caller of `req` has `permission` (401 without credentials). */
  authorize.allows = async (req: Request, permission: BasicPermission) =>
    allows(await credentialsOf(req), permission);

  return authorize;
}
