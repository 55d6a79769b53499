import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { Environment, ListResponse } from '@videogen/plugin-videogen-common';
import { EnvironmentSource } from './VideogenEnvironmentProvider';

/** Reads environments from the videogen backend with a service token. */
export class VideogenApiEnvironmentSource implements EnvironmentSource {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
  ) {}

  async listEnvironments(): Promise<Environment[]> {
    const baseUrl = await this.discovery.getBaseUrl('videogen');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'videogen',
    });
    const response = await fetch(`${baseUrl}/environments`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    const body = (await response.json()) as ListResponse<Environment>;
    return body.items;
  }
}
