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
  VideogenHttpClient,
} from '@videogen/plugin-videogen-common';

/**
 * The videogen backend's environment and run API (through the client
 * generated from its OpenAPI document), called on behalf of the user who
 * started the scaffolder task (so the videogen plugin's permission checks
 * apply to that user, not to the scaffolder).
 */
export class RunApiClient {
  private readonly http: VideogenHttpClient;

  constructor(
    discovery: DiscoveryService,
    private readonly auth: AuthService,
    private readonly credentials: BackstageCredentials,
  ) {
    this.http = new VideogenHttpClient({ discoveryApi: discovery });
  }

  async getEnvironment(name: string): Promise<Environment | undefined> {
    const response = await this.http.getEnvironment(
      { path: { name } },
      await this.callerToken(),
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
    const response = await this.http.createEnvironment(
      { body: request },
      await this.callerToken(),
    );
    if (response.status === 409) {
      // Created by a concurrent task between our read and our write.
      const created = await this.getEnvironment(request.name);
      if (created) return created;
    }
    return this.json<Environment>(response);
  }

  async startRun(environment: string, request: StartRunRequest): Promise<Run> {
    return this.json<Run>(
      await this.http.startRun(
        { path: { name: environment }, body: request },
        await this.callerToken(),
      ),
    );
  }

  async getRun(runId: string): Promise<Run> {
    return this.json<Run>(
      await this.http.getRun({ path: { id: runId } }, await this.callerToken()),
    );
  }

  async readLog(
    runId: string,
    offset: number,
    waitSeconds: number,
  ): Promise<RunLogChunk> {
    return this.json<RunLogChunk>(
      await this.http.getRunLog(
        { path: { id: runId }, query: { offset, waitSeconds } },
        await this.callerToken(),
      ),
    );
  }

  async cancelRun(runId: string): Promise<Run> {
    return this.json<Run>(
      await this.http.cancelRun(
        { path: { id: runId } },
        await this.callerToken(),
      ),
    );
  }

  /** A token for the videogen plugin, on behalf of the task's user. */
  private async callerToken(): Promise<{ token: string }> {
    return this.auth.getPluginRequestToken({
      onBehalfOf: this.credentials,
      targetPluginId: 'videogen',
    });
  }

  private async json<T>(response: Omit<Response, 'json'>): Promise<T> {
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
