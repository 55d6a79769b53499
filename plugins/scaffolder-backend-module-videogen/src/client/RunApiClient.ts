import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  CreateEnvironmentRequest,
  Environment,
  Run,
  RunLogChunk,
  StartRunRequest,
} from '@videogen/plugin-videogen-common';

/**
 * A thin client of the videogen backend's environment and run API, calling
 * it on behalf of the user who started the scaffolder task (so the videogen
 * plugin's permission checks apply to that user, not to the scaffolder).
 */
export class RunApiClient {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
    private readonly credentials: BackstageCredentials,
  ) {}

  async getEnvironment(name: string): Promise<Environment | undefined> {
    const response = await this.request(
      'GET',
      `/environments/${encodeURIComponent(name)}`,
    );
    if (response.status === 404) {
      return undefined;
    }
    return this.json<Environment>(response);
  }

  /** Creates the environment, or returns it if it already exists. */
  async ensureEnvironment(
    request: CreateEnvironmentRequest,
  ): Promise<Environment> {
    const existing = await this.getEnvironment(request.name);
    if (existing && existing.status !== 'DESTROYED') {
      return existing;
    }
    const response = await this.request('POST', '/environments', request);
    if (response.status === 409) {
      // Created by a concurrent task between our read and our write.
      const created = await this.getEnvironment(request.name);
      if (created) return created;
    }
    return this.json<Environment>(response);
  }

  async startRun(environment: string, request: StartRunRequest): Promise<Run> {
    return this.json<Run>(
      await this.request(
        'POST',
        `/environments/${encodeURIComponent(environment)}/runs`,
        request,
      ),
    );
  }

  async getRun(runId: string): Promise<Run> {
    return this.json<Run>(
      await this.request('GET', `/runs/${encodeURIComponent(runId)}`),
    );
  }

  async readLog(
    runId: string,
    offset: number,
    waitSeconds: number,
  ): Promise<RunLogChunk> {
    return this.json<RunLogChunk>(
      await this.request(
        'GET',
        `/runs/${encodeURIComponent(
          runId,
        )}/log?offset=${offset}&waitSeconds=${waitSeconds}`,
      ),
    );
  }

  async cancelRun(runId: string): Promise<Run> {
    return this.json<Run>(
      await this.request('POST', `/runs/${encodeURIComponent(runId)}/cancel`),
    );
  }

  private async request(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Response> {
    const baseUrl = await this.discovery.getBaseUrl('videogen');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: this.credentials,
      targetPluginId: 'videogen',
    });
    return fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  private async json<T>(response: Response): Promise<T> {
    if (!response.ok) {
      const error = await ResponseError.fromResponse(response);
      // The task log should say what the videogen API said (who holds the
      // environment, which input is wrong), not only the status code.
      const reason = error.body?.error?.message;
      if (reason) {
        error.message = `videogen API answered ${response.status}: ${reason}`;
      }
      throw error;
    }
    // Parsed here rather than with response.json(): the runtime's fetch may
    // build its objects in another realm (it does under Jest), and the
    // scaffolder's template engine refuses step outputs whose objects are
    // not plain records of this realm.
    return JSON.parse(await response.text()) as T;
  }
}
