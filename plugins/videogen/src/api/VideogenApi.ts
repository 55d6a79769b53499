import { createApiRef } from '@backstage/core-plugin-api';
import {
  Environment,
  EnvironmentStatusResponse,
  ForceUnlockResponse,
  ListResponse,
  ListVideosResponse,
  Run,
  RunLogChunk,
  StartRunRequest,
  UploadLimits,
  UploadVideoResponse,
  Video,
} from '@videogen/plugin-videogen-common';

/** One prerequisite the backend host needs (a program or a font). @public */
export type VideogenHealthCheck = {
  /** terraform, ffmpeg, ffprobe, espeak-ng or font */
  name: string;
  ok: boolean;
  /** Where it was found, or what fails without it. */
  message: string;
  /** What to install or configure (failed checks only). */
  install?: string;
};

/**
 * Health of the videogen backend plugin: `degraded` means the API works but
 * something it runs is missing on the backend host (`checks` says what);
 * `unavailable` (a 503) that it cannot reach its database.
 * @public
 */
export type VideogenHealth = {
  status: 'ok' | 'degraded' | 'unavailable';
  message?: string;
  /** Every prerequisite check (degraded only). */
  checks?: VideogenHealthCheck[];
};

/**
 * Progress of an upload, as reported by the browser: first the photo and
 * script are hashed (`hashing`), then their bytes sent (`uploading`). The
 * multipart {@link VideogenApi.uploadVideo} only reports `uploading`.
 *
 * @public
 */
export type UploadProgress = {
  /** Absent means `uploading` (what the multipart upload reports). */
  phase?: 'hashing' | 'uploading';
  loaded: number;
  /** Total bytes of this phase, when the browser knows it. */
  total?: number;
};

/** @public */
export type UploadVideoRequest = {
  environment: string;
  /** The script as typed; the server normalises it the same way the UI counts it. */
  script: string;
  photo: Blob;
  /** File name sent with the photo (the server never uses it for storage). */
  photoName?: string;
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
};

/**
 * What `<video>` and `<img>` elements need to load media from the backend:
 * they cannot send the bearer token, so the backend authorizes them with the
 * user cookie that {@link VideogenApi.ensureMediaAccess} sets.
 *
 * @public
 */
export type MediaAccess = {
  /** When the cookie expires; renew before then. */
  expiresAt: string;
  contentUrl(videoId: string): string;
  posterUrl(videoId: string): string;
};

/** @public */
export type RunLogRequest = {
  offset: number;
  /** Long-poll: let the server hold the request until new text arrives. */
  waitSeconds?: number;
  signal?: AbortSignal;
};

/**
 * Client for the `videogen` backend plugin (`/api/videogen`). Every method
 * throws a `ResponseError` from `@backstage/errors` when the server refuses.
 *
 * @public
 */
export interface VideogenApi {
  getHealth(): Promise<VideogenHealth>;
  /** The upload limits the server enforces (its defaults when it does not say). */
  getLimits(): Promise<UploadLimits>;

  /**
   * The curl-style upload: one multipart request through the backend.
   * The UI uses {@link VideogenApi.uploadDirect}.
   */
  uploadVideo(request: UploadVideoRequest): Promise<UploadVideoResponse>;
  /**
   * The direct upload: hashes photo and script in the browser, asks the
   * backend with the hashes (a known pair answers at once and nothing is
   * sent), sends the bytes straight to object storage through the URLs it
   * returns, then asks it to complete. Errors are sentences a person
   * understands (a `ResponseError` when the backend refused).
   */
  uploadDirect(request: UploadVideoRequest): Promise<UploadVideoResponse>;
  listVideos(environment: string): Promise<ListVideosResponse>;
  getVideo(videoId: string): Promise<Video>;
  cancelVideo(videoId: string): Promise<Video | undefined>;
  /** Sets (or renews) the media cookie and returns the media URLs. */
  ensureMediaAccess(): Promise<MediaAccess>;

  listEnvironments(): Promise<ListResponse<Environment>>;
  getEnvironment(name: string): Promise<Environment>;
  getEnvironmentStatus(name: string): Promise<EnvironmentStatusResponse>;

  startRun(environment: string, request: StartRunRequest): Promise<Run>;
  listRuns(environment: string): Promise<ListResponse<Run>>;
  getRun(runId: string): Promise<Run>;
  getRunLog(runId: string, request: RunLogRequest): Promise<RunLogChunk>;
  cancelRun(runId: string): Promise<Run | undefined>;
  approveRun(runId: string): Promise<Run | undefined>;
  /** Break glass: release a Terraform state lock a failed run reported. */
  forceUnlock(
    environment: string,
    lockId: string,
  ): Promise<ForceUnlockResponse>;
}

/** @public */
export const videogenApiRef = createApiRef<VideogenApi>({
  id: 'plugin.videogen.service',
});
