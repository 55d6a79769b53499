import { NotFoundError } from '@backstage/errors';
import { AuthResolverContext } from '@backstage/plugin-auth-node';
import { catalogEmailSignInResolver } from './catalogEmailSignInResolver';

function context(
  users: Record<string, string>,
): jest.Mocked<Pick<AuthResolverContext, 'signInWithCatalogUser'>> {
  return {
    signInWithCatalogUser: jest.fn(async query => {
      const email = (query as { filter: Record<string, string> }).filter[
        'spec.profile.email'
      ];
      const ref = users[email];
      if (!ref) throw new NotFoundError('User not found');
      return { token: `token-of-${ref}` };
    }),
  };
}

const resolve = (email: string | undefined, ctx: ReturnType<typeof context>) =>
  catalogEmailSignInResolver()(
    { profile: { email }, result: {} },
    ctx as unknown as AuthResolverContext,
  );

describe('catalogEmailSignInResolver', () => {
  const ctx = context({ 'ada@example.com': 'user:default/ada' });

  it('signs in as the catalog User with that email', async () => {
    await expect(resolve('ada@example.com', ctx)).resolves.toEqual({
      token: 'token-of-user:default/ada',
    });
    expect(ctx.signInWithCatalogUser).toHaveBeenCalledWith({
      filter: { 'spec.profile.email': 'ada@example.com' },
    });
  });

  it('refuses an email unknown to the catalog, naming it, with an error the resolver chain does not swallow', async () => {
    await expect(resolve('mallory@example.com', ctx)).rejects.toMatchObject({
      name: 'NotAllowedError',
    });
    await expect(resolve('mallory@example.com', ctx)).rejects.toThrow(
      'Sign-in refused: there is no user with email mallory@example.com in the catalog. Ask a platform admin to add you.',
    );
  });

  it('refuses a profile without a verified email', async () => {
    await expect(resolve(undefined, ctx)).rejects.toThrow(
      'Sign-in refused: your identity provider did not send a verified email address.',
    );
  });
});
