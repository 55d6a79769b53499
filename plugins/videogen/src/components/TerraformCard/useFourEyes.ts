import {
  configApiRef,
  identityApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { useEffect, useState } from 'react';

export type FourEyes = {
  /** The signed-in user's entity ref; undefined until the identity loads. */
  me?: string;
  /**
   * Whether one may approve the runs one started. Mirrors the API's rule:
   * `videogen.approval.allowSelfApproval`, honoured in local mode only (the
   * API refuses anyway; this only keeps the button honest).
   */
  selfApprovalAllowed: boolean;
};

/** Who is signed in, and whether they may approve their own runs. */
export function useFourEyes(): FourEyes {
  const identityApi = useApi(identityApiRef);
  const config = useApi(configApiRef);
  const [me, setMe] = useState<string>();

  useEffect(() => {
    let current = true;
    identityApi
      .getBackstageIdentity()
      .then(identity => current && setMe(identity.userEntityRef))
      // Without an identity nobody is "me": the buttons fall back to the
      // permissions alone and the API has the last word.
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [identityApi]);

  const local =
    (config.getOptionalString('videogen.mode') ?? 'local') === 'local';
  const selfApprovalAllowed =
    local &&
    (config.getOptionalBoolean('videogen.approval.allowSelfApproval') ?? false);
  return { me, selfApprovalAllowed };
}
