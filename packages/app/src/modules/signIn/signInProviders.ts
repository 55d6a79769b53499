import { Config } from '@backstage/config';
import { IdentityProviders } from '@backstage/core-components';
import { oidcAuthApiRef } from './oidcAuthApi';

export const OIDC_PROVIDER = {
  id: 'oidc-auth-provider',
  title: 'OpenID Connect',
  message: 'Sign in with OpenID Connect',
  apiRef: oidcAuthApiRef,
} as const;

/**
 * The sign-in choices, by config: production offers OpenID Connect only;
 * development (local mode) the one-click guest, plus OpenID Connect when
 * `auth.providers.oidc` is configured.
 */
export function signInProviders(config: Config): IdentityProviders {
  if (config.getOptionalString('auth.environment') === 'production') {
    return [OIDC_PROVIDER];
  }
  return config.has('auth.providers.oidc')
    ? ['guest', OIDC_PROVIDER]
    : ['guest'];
}
