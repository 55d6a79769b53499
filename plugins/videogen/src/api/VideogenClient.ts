import {
  DiscoveryApi,
  FetchApi,
  IdentityApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  DEFAULT_UPLOAD_LIMITS,
  Environment,
  EnvironmentStatusResponse,
  ForceUnlockRequest,
  ForceUnlockResponse,
  ListResponse,
  ListVideosResponse,
  Run,
  RunLogChunk,
  StartRunRequest,
  UploadLimits,
  UploadVideoResponse,
  Video,
  VideogenHttpClient,
} from '@videogen/plugin-videogen-common';
import { uploadDirect } from './directUpload';
import { Answer, readJsonAnswer, toResponseError } from './responses';
import {
  MediaAccess,
  RunLogRequest,
  UploadVideoRequest,
  VideogenApi,
  VideogenHealth,
} from './VideogenApi';
import { NetworkError, sendWithProgress } from './xhr';

/** Renew the media cookie when less than this is left of it. */
const MEDIA_COOKIE_RENEW_MARGIN_MS = 60_000;

/**
 * The default {@link VideogenApi}: talks to the `videogen` backend through
 * the client generated from its OpenAPI document, on Backstage's discovery
 * and (authenticated) fetch APIs. Uploads go through
 * `XMLHttpRequest`, the only browser API that reports upload progress: the
 * multipart one with the user's Backstage token, which the client adds
 * itself; the direct one's PUTs to storage with only the headers the backend
 * signed (the signed URL is their permission).
 *
 * @public
 */
export class VideogenClient implements VideogenApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly http: VideogenHttpClient;
  private readonly identityApi?: Pick<IdentityApi, 'getCredentials'>;
  private media?: { access: Promise<MediaAccess>; renewAfter: number };

  constructor(options: {
    discoveryApi: DiscoveryApi;
    fetchApi: FetchApi;
    /** Needed for uploads, which cannot go through the fetch API. */
    identityApi?: Pick<IdentityApi, 'getCredentials'>;
  }) {
    this.discoveryApi = options.discoveryApi;
    this.http = new VideogenHttpClient(options);
    this.identityApi = options.identityApi;
  }

  async getHealth(): Promise<VideogenHealth> {
    return this.answer<VideogenHealth>(this.http.getHealth());
  }

  async getLimits(): Promise<UploadLimits> {
    try {
      return await this.answer<UploadLimits>(this.http.getLimits());
    } catch (error) {
      // An older backend has no /limits route: it enforces the defaults.
      if (error instanceof ResponseError && error.statusCode === 404) {
        return { ...DEFAULT_UPLOAD_LIMITS };
      }
      throw error;
    }
  }

  async uploadVideo(request: UploadVideoRequest): Promise<UploadVideoResponse> {
    const url = `${await this.baseUrl()}/videos`;
    const credentials = await this.identityApi?.getCredentials();
    const form = new FormData();
    // The server streams the photo to storage as it arrives, so it needs the
    // text fields first.
    form.append('environment', request.environment);
    form.append('script', request.script);
    form.append('photo', request.photo, request.photoName ?? 'photo');

    const headers: Record<string, string> = { Accept: 'application/json' };
    if (credentials?.token) {
      headers.Authorization = `Bearer ${credentials.token}`;
    }
    const { onProgress } = request;
    let answer: Answer;
    try {
      answer = await sendWithProgress({
        method: 'POST',
        url,
        headers,
        body: form,
        signal: request.signal,
        onProgress:
          onProgress && ((loaded, total) => onProgress({ loaded, total })),
      });
    } catch (error) {
      if (error instanceof NetworkError) {
        throw new Error(
          'The upload did not reach the server. Check your connection and try again.',
        );
      }
      throw error;
    }
    if (answer.status < 200 || answer.status >= 300) {
      throw await toResponseError(answer);
    }
    try {
      return JSON.parse(answer.text) as UploadVideoResponse;
    } catch {
      throw new Error('The server answered the upload with invalid JSON.');
    }
  }

  uploadDirect(request: UploadVideoRequest): Promise<UploadVideoResponse> {
    return uploadDirect(this.http, request);
  }

  async listVideos(environment: string): Promise<ListVideosResponse> {
    return this.answer<ListVideosResponse>(
      this.http.listVideos({ query: { environment } }),
    );
  }

  async getVideo(videoId: string): Promise<Video> {
    return this.answer<Video>(this.http.getVideo({ path: { id: videoId } }));
  }

  async cancelVideo(videoId: string): Promise<Video | undefined> {
    return this.answer<Video | undefined>(
      this.http.cancelVideo({ path: { id: videoId } }),
    );
  }

  ensureMediaAccess(): Promise<MediaAccess> {
    if (this.media && Date.now() < this.media.renewAfter) {
      return this.media.access;
    }
    const access = this.fetchMediaAccess();
    // Until the answer arrives, concurrent callers share this request.
    const media = { access, renewAfter: Number.POSITIVE_INFINITY };
    this.media = media;
    access.then(
      ({ expiresAt }) => {
        media.renewAfter = Date.parse(expiresAt) - MEDIA_COOKIE_RENEW_MARGIN_MS;
      },
      () => {
        if (this.media === media) this.media = undefined;
      },
    );
    return access;
  }

  async listEnvironments(): Promise<ListResponse<Environment>> {
    return this.answer<ListResponse<Environment>>(this.http.listEnvironments());
  }

  async getEnvironment(name: string): Promise<Environment> {
    return this.answer<Environment>(
      this.http.getEnvironment({ path: { name } }),
    );
  }

  async getEnvironmentStatus(name: string): Promise<EnvironmentStatusResponse> {
    return this.answer<EnvironmentStatusResponse>(
      this.http.getEnvironmentStatus({ path: { name } }),
    );
  }

  async startRun(environment: string, request: StartRunRequest): Promise<Run> {
    return this.answer<Run>(
      this.http.startRun({ path: { name: environment }, body: request }),
    );
  }

  async listRuns(environment: string): Promise<ListResponse<Run>> {
    return this.answer<ListResponse<Run>>(
      this.http.listRuns({ path: { name: environment } }),
    );
  }

  async getRun(runId: string): Promise<Run> {
    return this.answer<Run>(this.http.getRun({ path: { id: runId } }));
  }

  async getRunLog(runId: string, request: RunLogRequest): Promise<RunLogChunk> {
    return this.answer<RunLogChunk>(
      this.http.getRunLog(
        {
          path: { id: runId },
          query: { offset: request.offset, waitSeconds: request.waitSeconds },
        },
        { signal: request.signal },
      ),
    );
  }

  async cancelRun(runId: string): Promise<Run | undefined> {
    return this.answer<Run | undefined>(
      this.http.cancelRun({ path: { id: runId } }),
    );
  }

  async approveRun(runId: string): Promise<Run | undefined> {
    return this.answer<Run | undefined>(
      this.http.approveRun({ path: { id: runId } }),
    );
  }

  async forceUnlock(
    environment: string,
    lockId: string,
  ): Promise<ForceUnlockResponse> {
    const body: ForceUnlockRequest = { lockId };
    return this.answer<ForceUnlockResponse>(
      this.http.forceUnlock({ path: { name: environment }, body }),
    );
  }

  private async fetchMediaAccess(): Promise<MediaAccess> {
    const baseUrl = await this.baseUrl();
    const { expiresAt } = await this.answer<{ expiresAt: string }>(
      this.http.getUserCookie({ credentials: 'include' }),
    );
    return {
      expiresAt,
      contentUrl: id => `${baseUrl}/videos/${encodeURIComponent(id)}/content`,
      posterUrl: id => `${baseUrl}/videos/${encodeURIComponent(id)}/poster`,
    };
  }

  private baseUrl(): Promise<string> {
    return this.discoveryApi.getBaseUrl('videogen');
  }

  /** The JSON body of a successful answer; a ResponseError otherwise. */
  private answer<T>(answer: Promise<Response>): Promise<T> {
    return readJsonAnswer<T>(answer);
  }
}
