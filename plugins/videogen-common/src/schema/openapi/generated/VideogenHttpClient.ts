// This file is generated from
// plugins/videogen-backend/src/schema/openapi.yaml by scripts/openapi/generate.mjs.
// Do not edit it: change the document and run `yarn openapi:generate`.
import type * as Models from './models';

/** Finds a plugin's base URL: Backstage's discoveryApi or DiscoveryService. */
export type DiscoveryLike = {
  getBaseUrl(pluginId: string): Promise<string>;
};

/** Sends a request: Backstage's fetchApi, or the runtime's fetch. */
export type FetchLike = {
  fetch: typeof fetch;
};

/** Per-call options of every VideogenHttpClient method. */
export type RequestOptions = {
  /** A Backstage token to send as `Authorization: Bearer` (backend callers). */
  token?: string;
  signal?: AbortSignal;
  credentials?: RequestCredentials;
};

/** The fetch Response, with the type of its JSON body. */
export type TypedResponse<T> = Omit<Response, 'json'> & {
  json(): Promise<T>;
};

/** The request of {@link VideogenHttpClient.listVideos}. */
export type ListVideosHttpRequest = {
  query?: {
    /**
     * Only this environment's videos (empty for all)
     */
    environment?: string;
    limit?: number;
  };
};

/** The request of {@link VideogenHttpClient.uploadVideo}. */
export type UploadVideoHttpRequest = {
  body: FormData;
};

/** The request of {@link VideogenHttpClient.startUpload}. */
export type StartUploadHttpRequest = {
  body: Models.StartUploadRequest;
};

/** The request of {@link VideogenHttpClient.completeUpload}. */
export type CompleteUploadHttpRequest = {
  path: {
    /**
     * The upload's id (a UUID; any other value is answered 404)
     */
    uploadId: string;
  };
};

/** The request of {@link VideogenHttpClient.getVideo}. */
export type GetVideoHttpRequest = {
  path: {
    /**
     * The video's id (a UUID; any other value is answered 404)
     */
    id: string;
  };
};

/** The request of {@link VideogenHttpClient.cancelVideo}. */
export type CancelVideoHttpRequest = {
  path: {
    /**
     * The video's id (a UUID; any other value is answered 404)
     */
    id: string;
  };
};

/** The request of {@link VideogenHttpClient.getVideoContent}. */
export type GetVideoContentHttpRequest = {
  path: {
    /**
     * The video's id (a UUID; any other value is answered 404)
     */
    id: string;
  };
  headers?: {
    Range?: string;
  };
};

/** The request of {@link VideogenHttpClient.getVideoPoster}. */
export type GetVideoPosterHttpRequest = {
  path: {
    /**
     * The video's id (a UUID; any other value is answered 404)
     */
    id: string;
  };
};

/** The request of {@link VideogenHttpClient.getEnvironmentStatus}. */
export type GetEnvironmentStatusHttpRequest = {
  path: {
    /**
     * The environment's name (a name that cannot exist is answered 404, like any unknown one)
     */
    name: string;
  };
};

/** The request of {@link VideogenHttpClient.createEnvironment}. */
export type CreateEnvironmentHttpRequest = {
  body: Models.CreateEnvironmentRequest;
};

/** The request of {@link VideogenHttpClient.getEnvironment}. */
export type GetEnvironmentHttpRequest = {
  path: {
    /**
     * The environment's name (a name that cannot exist is answered 404, like any unknown one)
     */
    name: string;
  };
};

/** The request of {@link VideogenHttpClient.listRuns}. */
export type ListRunsHttpRequest = {
  path: {
    /**
     * The environment's name (a name that cannot exist is answered 404, like any unknown one)
     */
    name: string;
  };
  query?: {
    limit?: number;
  };
};

/** The request of {@link VideogenHttpClient.startRun}. */
export type StartRunHttpRequest = {
  path: {
    /**
     * The environment's name (a name that cannot exist is answered 404, like any unknown one)
     */
    name: string;
  };
  body: Models.StartRunRequest;
};

/** The request of {@link VideogenHttpClient.forceUnlock}. */
export type ForceUnlockHttpRequest = {
  path: {
    /**
     * The environment's name (a name that cannot exist is answered 404, like any unknown one)
     */
    name: string;
  };
  body: {
    /**
     * The lockId of the run that failed on the lock
     */
    lockId: string;
  };
};

/** The request of {@link VideogenHttpClient.getRun}. */
export type GetRunHttpRequest = {
  path: {
    /**
     * The run's id (a UUID; any other value is answered 404)
     */
    id: string;
  };
};

/** The request of {@link VideogenHttpClient.getRunLog}. */
export type GetRunLogHttpRequest = {
  path: {
    /**
     * The run's id (a UUID; any other value is answered 404)
     */
    id: string;
  };
  query?: {
    /**
     * Character offset into the log, from a previous nextOffset; at most 2147483647 (a log is far shorter).
     */
    offset?: number;
    waitSeconds?: number;
  };
};

/** The request of {@link VideogenHttpClient.cancelRun}. */
export type CancelRunHttpRequest = {
  path: {
    /**
     * The run's id (a UUID; any other value is answered 404)
     */
    id: string;
  };
};

/** The request of {@link VideogenHttpClient.approveRun}. */
export type ApproveRunHttpRequest = {
  path: {
    /**
     * The run's id (a UUID; any other value is answered 404)
     */
    id: string;
  };
};

/**
 * The videogen backend's HTTP API, one method per operation of its OpenAPI
 * document. Methods answer the fetch Response as it came (errors included),
 * so callers decide what an error status means for them.
 */
export class VideogenHttpClient {
  private readonly discoveryApi: DiscoveryLike;
  private readonly fetchApi: FetchLike;

  constructor(options: { discoveryApi: DiscoveryLike; fetchApi?: FetchLike }) {
    this.discoveryApi = options.discoveryApi;
    // The runtime's fetch is looked up at call time, so tests can replace it.
    this.fetchApi = options.fetchApi ?? {
      fetch: (input, init) => fetch(input, init),
    };
  }

  /**
   * GET /health: Whether the plugin is up, reaches its database and finds its prerequisites
   *
   * `ok` when everything is in place. `degraded` (still 200: the API works) when the backend host lacks something the plugin runs: terraform, or in local mode ffmpeg, ffprobe, espeak-ng or the caption font; `checks` then lists every check, each failed one with what to install.
   */
  async getHealth(options?: RequestOptions): Promise<
    TypedResponse<{
      status: 'ok' | 'degraded';
      /**
       * What is missing (degraded only)
       */
      message?: string;
      /**
       * Every prerequisite check (degraded only)
       */
      checks?: Array<Models.PrerequisiteCheck>;
    }>
  > {
    return this.send('GET', `/health`, {}, options) as Promise<
      TypedResponse<{
        status: 'ok' | 'degraded';
        /**
         * What is missing (degraded only)
         */
        message?: string;
        /**
         * Every prerequisite check (degraded only)
         */
        checks?: Array<Models.PrerequisiteCheck>;
      }>
    >;
  }

  /**
   * GET /limits: The upload limits the server enforces (the browser checks them too)
   *
   * Any signed-in user or service.
   */
  async getLimits(
    options?: RequestOptions,
  ): Promise<TypedResponse<Models.UploadLimits>> {
    return this.send('GET', `/limits`, {}, options) as Promise<
      TypedResponse<Models.UploadLimits>
    >;
  }

  /**
   * GET /cookie: Issue the Backstage user cookie for <video> and <img> elements
   *
   * Call with the user's bearer token; the answer sets the backstage-auth cookie that /videos/{id}/content and /videos/{id}/poster accept. (The standard /.backstage/auth/v1/cookie endpoint does the same.)
   */
  async getUserCookie(options?: RequestOptions): Promise<
    TypedResponse<{
      expiresAt: string;
    }>
  > {
    return this.send('GET', `/cookie`, {}, options) as Promise<
      TypedResponse<{
        expiresAt: string;
      }>
    >;
  }

  /**
   * GET /videos: Videos, newest first
   *
   * Permission videogen.video.read.
   */
  async listVideos(
    request: ListVideosHttpRequest = {},
    options?: RequestOptions,
  ): Promise<
    TypedResponse<{
      items: Array<Models.Video>;
    }>
  > {
    return this.send(
      'GET',
      `/videos`,
      { query: request.query },
      options,
    ) as Promise<
      TypedResponse<{
        items: Array<Models.Video>;
      }>
    >;
  }

  /**
   * POST /videos: Upload a photo and a script to generate a video (deduplicated)
   *
   * Permission videogen.video.create. multipart/form-data with the parts photo (a JPEG, PNG or WebP file), script (UTF-8 text, as a field or a file) and environment, in any order. The photo is streamed to storage while it is hashed; the script is normalised (NFC, line endings, trailing spaces) and hashed. The same photo and script in the same environment with the same generator version is answered with the existing video (200, deduplicated) without storing anything.
   */
  async uploadVideo(
    request: UploadVideoHttpRequest,
    options?: RequestOptions,
  ): Promise<TypedResponse<Models.UploadVideoResponse>> {
    return this.send(
      'POST',
      `/videos`,
      { form: request.body },
      options,
    ) as Promise<TypedResponse<Models.UploadVideoResponse>>;
  }

  /**
   * POST /uploads: Start a direct upload (deduplicated before any byte is sent)
   *
   * Permission videogen.video.create. The browser sends the SHA-256, size and type of the photo and the SHA-256 and size of the script (the UTF-8 bytes of the script normalised as the server normalises it: NFC, LF line endings, no trailing spaces; a script hashed as typed is accepted too, and then recognised as a duplicate only when the upload completes). When that pair already has a video in the environment (not FAILED), the answer is 200 with the video and nothing is uploaded. Otherwise 201 with one URL per object (an S3 presigned PUT in aws mode, a signed URL of this backend's storage route in local mode), each good for one object, its declared bytes only, for a few minutes. Then PUT the bytes and call /uploads/{uploadId}/complete.
   */
  async startUpload(
    request: StartUploadHttpRequest,
    options?: RequestOptions,
  ): Promise<
    TypedResponse<Models.UploadVideoResponse | Models.StartUploadResponse>
  > {
    return this.send(
      'POST',
      `/uploads`,
      { json: request.body },
      options,
    ) as Promise<
      TypedResponse<Models.UploadVideoResponse | Models.StartUploadResponse>
    >;
  }

  /**
   * POST /uploads/{uploadId}/complete: Check what arrived and queue the job
   *
   * Permission videogen.video.create, by the user who started the upload. The backend checks that both objects arrived with the declared size and SHA-256, reads the photo's header (magic bytes, pixel limit) and the script (the same rules as POST /videos), then creates the video and its job exactly as POST /videos does. Refused inputs are deleted.
   */
  async completeUpload(
    request: CompleteUploadHttpRequest,
    options?: RequestOptions,
  ): Promise<TypedResponse<Models.UploadVideoResponse>> {
    return this.send(
      'POST',
      `/uploads/${encodeURIComponent(request.path.uploadId)}/complete`,
      {},
      options,
    ) as Promise<TypedResponse<Models.UploadVideoResponse>>;
  }

  /**
   * GET /videos/{id}: One video and the state of its job
   *
   * Permission videogen.video.read.
   */
  async getVideo(
    request: GetVideoHttpRequest,
    options?: RequestOptions,
  ): Promise<TypedResponse<Models.Video>> {
    return this.send(
      'GET',
      `/videos/${encodeURIComponent(request.path.id)}`,
      {},
      options,
    ) as Promise<TypedResponse<Models.Video>>;
  }

  /**
   * POST /videos/{id}/cancel: Cancel the video's job (it ends FAILED, "Cancelled by <user>")
   *
   * Permission videogen.video.create, and the video must be the caller's (created by them) unless they have videogen.video.admin. Local queue: the generator gets SIGTERM, then SIGKILL after a grace period. AWS: TerminateJob. Uploading the same pair again afterwards makes a new attempt (a new video).
   */
  async cancelVideo(
    request: CancelVideoHttpRequest,
    options?: RequestOptions,
  ): Promise<TypedResponse<Models.Video>> {
    return this.send(
      'POST',
      `/videos/${encodeURIComponent(request.path.id)}/cancel`,
      {},
      options,
    ) as Promise<TypedResponse<Models.Video>>;
  }

  /**
   * GET /videos/{id}/content: Play the MP4
   *
   * Permission videogen.video.read; accepts the Backstage user cookie (see /cookie). Local storage: served with Range support (206, Accept-Ranges, 416; HEAD too). S3: 302 to a short-lived presigned URL (or the CloudFront URL).
   */
  async getVideoContent(
    request: GetVideoContentHttpRequest,
    options?: RequestOptions,
  ): Promise<Response> {
    return this.send(
      'GET',
      `/videos/${encodeURIComponent(request.path.id)}/content`,
      { headers: request.headers },
      options,
    ) as Promise<Response>;
  }

  /**
   * GET /videos/{id}/poster: The poster image (JPEG)
   *
   * Like /videos/{id}/content, for poster.jpg.
   */
  async getVideoPoster(
    request: GetVideoPosterHttpRequest,
    options?: RequestOptions,
  ): Promise<Response> {
    return this.send(
      'GET',
      `/videos/${encodeURIComponent(request.path.id)}/poster`,
      {},
      options,
    ) as Promise<Response>;
  }

  /**
   * GET /environments/{name}/status: Cluster, queue and video status of an environment, in one response
   *
   * Permission videogen.video.read. Local mode: the worker pool and the local queue. AWS: EKS, Batch and CloudFormation, each cached for a short TTL; a failing source sets its section's error and leaves the others intact.
   */
  async getEnvironmentStatus(
    request: GetEnvironmentStatusHttpRequest,
    options?: RequestOptions,
  ): Promise<TypedResponse<Models.EnvironmentStatusResponse>> {
    return this.send(
      'GET',
      `/environments/${encodeURIComponent(request.path.name)}/status`,
      {},
      options,
    ) as Promise<TypedResponse<Models.EnvironmentStatusResponse>>;
  }

  /**
   * GET /environments: List environments
   *
   * Permission videogen.environment.read.
   */
  async listEnvironments(options?: RequestOptions): Promise<
    TypedResponse<{
      items: Array<Models.Environment>;
    }>
  > {
    return this.send('GET', `/environments`, {}, options) as Promise<
      TypedResponse<{
        items: Array<Models.Environment>;
      }>
    >;
  }

  /**
   * POST /environments: Register a new environment (status NEW)
   *
   * Permission videogen.environment.create. Admin-only Terraform variables (principals, CIDRs, images, domains, security switches; see terraformVariables.ts in the common package) also need videogen.environment.variables.admin: 403 names the refused ones. The name of a DESTROYED environment can be used again (its run history stays).
   */
  async createEnvironment(
    request: CreateEnvironmentHttpRequest,
    options?: RequestOptions,
  ): Promise<TypedResponse<Models.Environment>> {
    return this.send(
      'POST',
      `/environments`,
      { json: request.body },
      options,
    ) as Promise<TypedResponse<Models.Environment>>;
  }

  /**
   * GET /environments/{name}: One environment
   *
   * Permission videogen.environment.read.
   */
  async getEnvironment(
    request: GetEnvironmentHttpRequest,
    options?: RequestOptions,
  ): Promise<TypedResponse<Models.Environment>> {
    return this.send(
      'GET',
      `/environments/${encodeURIComponent(request.path.name)}`,
      {},
      options,
    ) as Promise<TypedResponse<Models.Environment>>;
  }

  /**
   * GET /environments/{name}/runs: The environment's Terraform runs, newest first
   *
   * Permission videogen.environment.read.
   */
  async listRuns(
    request: ListRunsHttpRequest,
    options?: RequestOptions,
  ): Promise<
    TypedResponse<{
      items: Array<Models.Run>;
    }>
  > {
    return this.send(
      'GET',
      `/environments/${encodeURIComponent(request.path.name)}/runs`,
      { query: request.query },
      options,
    ) as Promise<
      TypedResponse<{
        items: Array<Models.Run>;
      }>
    >;
  }

  /**
   * POST /environments/{name}/runs: Start a plan, apply or destroy
   *
   * Permission videogen.environment.create for plan and apply, videogen.environment.delete for destroy. One run per environment at a time: 409 names the run holding the environment (a run waiting for approval holds it too). Built-in environments cannot be destroyed (409).
   */
  async startRun(
    request: StartRunHttpRequest,
    options?: RequestOptions,
  ): Promise<TypedResponse<Models.Run>> {
    return this.send(
      'POST',
      `/environments/${encodeURIComponent(request.path.name)}/runs`,
      { json: request.body },
      options,
    ) as Promise<TypedResponse<Models.Run>>;
  }

  /**
   * POST /environments/{name}/force-unlock: Release a Terraform state lock (terraform force-unlock)
   *
   * Permission videogen.environment.admin. Refused (409) while a Terraform process of the environment is running.
   */
  async forceUnlock(
    request: ForceUnlockHttpRequest,
    options?: RequestOptions,
  ): Promise<
    TypedResponse<{
      environment: string;
      lockId: string;
      message: string;
    }>
  > {
    return this.send(
      'POST',
      `/environments/${encodeURIComponent(request.path.name)}/force-unlock`,
      { json: request.body },
      options,
    ) as Promise<
      TypedResponse<{
        environment: string;
        lockId: string;
        message: string;
      }>
    >;
  }

  /**
   * GET /runs/{id}: One Terraform run
   *
   * Permission videogen.environment.read.
   */
  async getRun(
    request: GetRunHttpRequest,
    options?: RequestOptions,
  ): Promise<TypedResponse<Models.Run>> {
    return this.send(
      'GET',
      `/runs/${encodeURIComponent(request.path.id)}`,
      {},
      options,
    ) as Promise<TypedResponse<Models.Run>>;
  }

  /**
   * GET /runs/{id}/log: The run's log from an offset (long-poll with waitSeconds)
   *
   * Permission videogen.environment.read. With waitSeconds, answers as soon as there is text past offset, when the run is finished, or after waitSeconds. Follow a run by passing nextOffset back until complete is true. Lines are stripped of ANSI colours and secrets; a log longer than videogen.terraform.maxLogBytes keeps its head and tail, with a note where the middle was dropped.
   */
  async getRunLog(
    request: GetRunLogHttpRequest,
    options?: RequestOptions,
  ): Promise<TypedResponse<Models.RunLogChunk>> {
    return this.send(
      'GET',
      `/runs/${encodeURIComponent(request.path.id)}/log`,
      { query: request.query },
      options,
    ) as Promise<TypedResponse<Models.RunLogChunk>>;
  }

  /**
   * POST /runs/{id}/cancel: Cancel a run
   *
   * One's own run: the permission of its operation (create, or delete for destroy); anyone else's: videogen.run.approve. A run waiting for approval ends CANCELLED at once; a running one gets exactly one SIGINT to its terraform process and ends CANCELLED once Terraform has stopped and saved its state.
   */
  async cancelRun(
    request: CancelRunHttpRequest,
    options?: RequestOptions,
  ): Promise<TypedResponse<Models.Run>> {
    return this.send(
      'POST',
      `/runs/${encodeURIComponent(request.path.id)}/cancel`,
      {},
      options,
    ) as Promise<TypedResponse<Models.Run>>;
  }

  /**
   * POST /runs/{id}/approve: Approve a run waiting for approval; applies its saved plan
   *
   * Permission videogen.run.approve; never by the user who started the run (403, four eyes) unless videogen.approval.allowSelfApproval is set in local mode. Refused (409, and the run FAILED) when the environment changed after the plan was made.
   */
  async approveRun(
    request: ApproveRunHttpRequest,
    options?: RequestOptions,
  ): Promise<TypedResponse<Models.Run>> {
    return this.send(
      'POST',
      `/runs/${encodeURIComponent(request.path.id)}/approve`,
      {},
      options,
    ) as Promise<TypedResponse<Models.Run>>;
  }

  private async send(
    method: string,
    path: string,
    parts: {
      query?: Record<string, string | number | boolean | undefined>;
      headers?: Record<string, string | undefined>;
      json?: unknown;
      form?: FormData;
    },
    options: RequestOptions = {},
  ): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('videogen');
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(parts.query ?? {})) {
      if (value !== undefined) search.set(key, String(value));
    }
    const query = search.toString();
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(parts.headers ?? {})) {
      if (value !== undefined) headers[key] = value;
    }
    let body: string | FormData | undefined;
    if (parts.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(parts.json);
    } else if (parts.form !== undefined) {
      body = parts.form;
    }
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    const init: RequestInit = { method };
    if (Object.keys(headers).length > 0) init.headers = headers;
    if (body !== undefined) init.body = body;
    if (options.signal) init.signal = options.signal;
    if (options.credentials) init.credentials = options.credentials;
    return this.fetchApi.fetch(
      `${baseUrl}${path}${query ? `?${query}` : ''}`,
      init,
    );
  }
}
