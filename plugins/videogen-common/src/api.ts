/*
 * The JSON shapes of the `videogen` backend's HTTP API (base path
 * `/api/videogen`). The backend produces them, the frontend and the
 * scaffolder actions consume them. Timestamps are ISO 8601 strings in UTC.
 *
 * Where a shape is exactly what the OpenAPI document
 * (plugins/videogen-backend/src/schema/openapi.yaml) says, the type is the
 * one generated from it, so the two cannot drift; the descriptions of its
 * fields are in the document. The status types below are narrower than the
 * document's (counts per known job state, a typed `data` per section), so
 * they are written here.
 *
 * Errors use Backstage's standard body:
 *   { "error": { "name": "InputError", "message": "<a sentence for a person>" }, ... }
 */

import { JobState } from './jobs';
import { EnvironmentTarget } from './environments';
import * as Wire from './schema/openapi/generated/models';

// ---------------------------------------------------------------- videos

/** A generated (or generating) video and the state of its job. @public */
export type Video = Wire.Video;

/**
 * Answer to `POST /videos`: `202` for a new video (a job was queued),
 * `200` with `deduplicated: true` when the same photo + script was already
 * submitted to the environment.
 * @public
 */
export type UploadVideoResponse = Wire.UploadVideoResponse;

/** `GET /videos?environment=<name>` @public */
export type ListVideosResponse = { items: Video[] };

// ---------------------------------------------------------------- status

/**
 * One section of an environment's status. Each source (EKS, Batch, the local
 * pool, ...) fails on its own: `error` is set and `data` may be missing, the
 * rest of the response is still useful.
 * @public
 */
export type StatusSection<T> = {
  data?: T;
  error?: string;
  /** When this section's data was fetched (it may come from a short cache). */
  updatedAt: string;
};

/** @public */
export type NodeGroupStatus = ClusterStatus['nodeGroups'][number];

/** The "cluster": EKS in aws mode, the local worker pool in local mode. @public */
export type ClusterStatus = Wire.ClusterStatus;

/** @public */
export type JobSummary = {
  id: string;
  videoId: string;
  state: JobState;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  durationSeconds?: number;
  failureReason?: string;
};

/** @public */
export type QueueStatus = {
  name: string;
  /** `ENABLED` or `DISABLED` (draining). */
  state: string;
  status: string;
  computeEnvironments: Array<{ name: string; state: string; status: string }>;
  counts: Record<JobState, number>;
  recentJobs: JobSummary[];
};

/** @public */
export type VideoSummary = {
  total: number;
  byState: Record<JobState, number>;
  dedupeHits: number;
  totalDurationSeconds: number;
};

/** `GET /environments/:name/status` @public */
export type EnvironmentStatusResponse = {
  environment: string;
  target: EnvironmentTarget;
  cluster: StatusSection<ClusterStatus>;
  queue: StatusSection<QueueStatus>;
  videos: StatusSection<VideoSummary>;
  /** AWS only, when a Terraform state stack is configured. */
  stateStack?: StatusSection<{ name: string; status: string; bucket?: string }>;
};

// ---------------------------------------------------------------- environments and Terraform runs

/** @public */
export type EnvironmentLifecycle = Wire.EnvironmentLifecycle;

/** @public */
export type Environment = Wire.Environment;

/** `POST /environments` @public */
export type CreateEnvironmentRequest = Wire.CreateEnvironmentRequest;

/** @public */
export type RunOperation = 'plan' | 'apply' | 'destroy';

/** @public */
export type RunStatus = Wire.RunStatus;

/** @public */
export const TERMINAL_RUN_STATUSES: ReadonlyArray<RunStatus> = [
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
  'INTERRUPTED',
];

/** @public */
export type PlanSummary = Wire.PlanSummary;

/** A Terraform run. @public */
export type Run = Wire.Run;

/** `POST /environments/:name/runs` @public */
export type StartRunRequest = Wire.StartRunRequest;

/** `GET /runs/:id/log?offset=<n>` @public */
export type RunLogChunk = Wire.RunLogChunk;

/** `POST /environments/:name/force-unlock` @public */
export type ForceUnlockRequest = {
  /** The lock ID Terraform reported (a failed run's `lockId`). */
  lockId: string;
};

/** Answer to `POST /environments/:name/force-unlock` @public */
export type ForceUnlockResponse = {
  environment: string;
  lockId: string;
  /** A sentence for a person: what was released. */
  message: string;
};

/**
 * Payload of the events published on `ENVIRONMENTS_CHANGED_TOPIC` when an
 * environment is created, a run changes its lifecycle status, or a run
 * finishes (or starts waiting for approval).
 * @public
 */
export type EnvironmentsChangedEvent = {
  environment: string;
  /** The run that caused the change; absent when the environment was created. */
  runId?: string;
  /** The environment's lifecycle status after the change. */
  status: EnvironmentLifecycle;
  /** The run's status, when a run caused the change. */
  runStatus?: RunStatus;
};

/** @public */
export type ListResponse<T> = { items: T[] };
