import {
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
 * Checks the caller's credentials (401 without them) and one permission
 * (403 with `refusal` when denied). Returns who the caller is, as recorded
 * in `createdBy`, `requestedBy` and `approvedBy`: the user's entity ref, or
 * the calling service's subject (for example `plugin:scaffolder`).
 */
export function createAuthorizer(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}) {
  const { httpAuth, permissions } = options;
  return async (
    req: Request,
    permission: BasicPermission,
    refusal: string,
  ): Promise<string> => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(refusal);
    }
    return credentials.principal.type === 'user'
      ? credentials.principal.userEntityRef
      : credentials.principal.subject;
  };
}
