import { NotAllowedError } from '@backstage/errors';
import {
  commonSignInResolvers,
  SignInResolverFactory,
} from '@backstage/plugin-auth-node';

const builtIn = commonSignInResolvers.emailMatchingUserEntityProfileEmail;
type Options = Parameters<typeof builtIn>[0];

/**
 * Backstage's `emailMatchingUserEntityProfileEmail` (the catalog User whose
 * `spec.profile.email` is the profile's email, and so that User's groups),
 * with refusals the sign-in page can show as they are. The built-in one
 * refuses an unknown user with a NotFoundError that the declarative
 * resolver chain replaces by a generic "unable to resolve user identity";
 * this one names the email and says what to do.
 */
export const catalogEmailSignInResolver: SignInResolverFactory<
  unknown,
  Options
> = Object.assign(
  (options?: Options) => {
    const resolver = builtIn(options);
    return async (
      info: Parameters<typeof resolver>[0],
      ctx: Parameters<typeof resolver>[1],
    ) => {
      const email = info.profile.email;
      if (!email) {
        // The OIDC authenticator leaves the email out unless the provider
        // says it is verified (email_verified: true).
        throw new NotAllowedError(
          'Sign-in refused: your identity provider did not send a verified email address.',
        );
      }
      try {
        return await resolver(info, ctx);
      } catch (error) {
        if ((error as Error)?.name === 'NotFoundError') {
          throw new NotAllowedError(
            `Sign-in refused: there is no user with email ${email} in the catalog. Ask a platform admin to add you.`,
          );
        }
        throw error;
      }
    };
  },
  { optionsJsonSchema: builtIn.optionsJsonSchema },
);
