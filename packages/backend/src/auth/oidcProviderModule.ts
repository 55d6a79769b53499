import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  createOAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import {
  oidcAuthenticator,
  oidcSignInResolvers,
} from '@backstage/plugin-auth-backend-module-oidc-provider';
import { catalogEmailSignInResolver } from './catalogEmailSignInResolver';

/**
 * Sign-in with OpenID Connect (`auth.providers.oidc`): Backstage's own OIDC
 * authenticator and resolvers, registered like its `authModuleOidcProvider`
 * (which it replaces: both register the provider id `oidc`), except that
 * `emailMatchingUserEntityProfileEmail` refuses a user unknown to the
 * catalog with a message naming the email (see catalogEmailSignInResolver).
 * The resolver keeps its name so that the config schema accepts it.
 */
export const authModuleVideogenOidcProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'oidc-provider',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'oidc',
          factory: createOAuthProviderFactory({
            authenticator: oidcAuthenticator,
            signInResolverFactories: {
              ...oidcSignInResolvers,
              emailMatchingUserEntityProfileEmail: catalogEmailSignInResolver,
            },
          }),
        });
      },
    });
  },
});
