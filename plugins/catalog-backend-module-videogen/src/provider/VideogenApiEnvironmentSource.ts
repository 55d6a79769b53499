import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  Environment,
  ListResponse,
  VideogenHttpClient,
} from '@videogen/plugin-videogen-common';
import { EnvironmentSource } from './VideogenEnvironmentProvider';

/**
 * Reads environments from the videogen backend with a service token, through
 * the client generated from its OpenAPI document.
 */
export class VideogenApiEnvironmentSource implements EnvironmentSource {
  private readonly http: VideogenHttpClient;

  constructor(discovery: DiscoveryService, private readonly auth: AuthService) {
    this.http = new VideogenHttpClient({ discoveryApi: discovery });
  }

  async listEnvironments(): Promise<Environment[]> {
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'videogen',
    });
    const response = await this.http.listEnvironments({ token });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    const body = (await response.json()) as ListResponse<Environment>;
    return body.items;
  }
}
