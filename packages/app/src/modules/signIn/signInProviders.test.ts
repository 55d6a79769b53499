import { ConfigReader } from '@backstage/config';
import { OIDC_PROVIDER, signInProviders } from './signInProviders';

describe('signInProviders', () => {
  it('offers only the guest in local mode without an OIDC provider', () => {
    expect(
      signInProviders(
        new ConfigReader({ auth: { environment: 'development' } }),
      ),
    ).toEqual(['guest']);
  });

  it('offers the guest and OpenID Connect when the OIDC provider is configured', () => {
    expect(
      signInProviders(
        new ConfigReader({
          auth: { environment: 'development', providers: { oidc: {} } },
        }),
      ),
    ).toEqual(['guest', OIDC_PROVIDER]);
  });

  it('offers only OpenID Connect in production', () => {
    expect(
      signInProviders(
        new ConfigReader({
          auth: { environment: 'production', providers: { oidc: {} } },
        }),
      ),
    ).toEqual([OIDC_PROVIDER]);
  });
});
