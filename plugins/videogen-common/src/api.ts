/*
 * The JSON shapes of the `videogen` backend's HTTP API (base path
 * `/api/videogen`). The backend produces them, the frontend and the
 * scaffolder actions consume them. Timestamps are ISO 8601 strings in UTC.
 *
 * Errors use Backstage's standard body:
 *   { "error": { "name": "InputError", "message": "<a sentence for a person>" }, ... }
 */

import { JobState } from './jobs';
import { EnvironmentTarget } from './environments';

// ---------------------------------------------------------------- videos

/** A generated (or generating) video and the state of its job. @public */
export type Video = {
  id: string;
  environment: string;
  photoSha256: string;
  scriptSha256: string;
  generatorVersion: string;
  /** The job's state, in AWS Batch's vocabulary. */
  state: JobState;
  jobId: string;
  /** Why the job failed, when `state` is `FAILED`. */
  failureReason?: string;
  durationSeconds?: number;
  sizeBytes?: number;
  /** How many later uploads of the same photo + script were answered with this video. */
  dedupeHits: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  startedAt?: string;
  finishedAt?: string;
};

/**
 * Answer to `POST /videos`: `202` for a new video (a job was queued),
 * `200` with `deduplicated: true` when the same photo + script was already
 * submitted to the environment.
 * @public
 */
export type UploadVideoResponse = {
  videoId: string;
  jobId: string;
  deduplicated: boolean;
  video: Video;
};

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
export type NodeGroupStatus = {
  name: string;
  status: string;
  desiredSize: number;
  minSize: number;
  maxSize: number;
  readyNodes?: number;
  instanceTypes: string[];
};

/** The "cluster": EKS in aws mode, the local worker pool in local mode. @public */
export type ClusterStatus = {
  kind: 'eks' | 'local-pool';
  name: string;
  status: string;
  kubernetesVersion?: string;
  endpointPublicAccess?: boolean;
  endpointPrivateAccess?: boolean;
  nodeGroups: NodeGroupStatus[];
  /** Local pool only: worker slots, busy slots and the host they run on. */
  slots?: number;
  busy?: number;
  host?: string;
};

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
export type EnvironmentLifecycle =
  | 'NEW'
  | 'PROVISIONING'
  | 'READY'
  | 'DESTROYING'
  | 'DESTROYED'
  | 'FAILED';

/** @public */
export type Environment = {
  name: string;
  target: EnvironmentTarget;
  /** AWS region, or `local`. */
  region: string;
  /** Terraform input variables (non-secret). */
  variables: Record<string, string | number | boolean>;
  requireApproval: boolean;
  /**
   * The S3 bucket (in the environment's region) holding an aws environment's
   * Terraform state, when it is not the backend's configured one.
   */
  stateBucket?: string;
  /**
   * Declared in the backend's config (`videogen.environments`) rather than
   * provisioned by a template: usable at once, published by the catalog
   * module like the others (unless its `builtInEnvironments` is turned off),
   * and never destroyed.
   */
  builtIn?: boolean;
  status: EnvironmentLifecycle;
  /** `terraform output -json` values of the last successful apply. */
  outputs: Record<string, unknown>;
  lastRunId?: string;
  drift?: { drifted: boolean; checkedAt: string; message?: string };
  createdBy: string;
  createdAt: string;
  updatedAt: string;
};

/** `POST /environments` @public */
export type CreateEnvironmentRequest = {
  name: string;
  target: EnvironmentTarget;
  region?: string;
  variables?: Record<string, string | number | boolean>;
  requireApproval?: boolean;
  /**
   * aws only: the S3 bucket, in the environment's region, for its Terraform
   * state (what `videogen:state:bootstrap` made). Defaults to the backend's
   * configured `videogen.terraform.stateBucket`.
   */
  stateBucket?: string;
};

/** @public */
export type RunOperation = 'plan' | 'apply' | 'destroy';

/** @public */
export type RunStatus =
  | 'PENDING'
  | 'RUNNING'
  | 'AWAITING_APPROVAL'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'CANCELLED'
  | 'INTERRUPTED';

/** @public */
export const TERMINAL_RUN_STATUSES: ReadonlyArray<RunStatus> = [
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
  'INTERRUPTED',
];

/** @public */
export type PlanSummary = { add: number; change: number; destroy: number };

/** A Terraform run. @public */
export type Run = {
  id: string;
  environment: string;
  operation: RunOperation;
  status: RunStatus;
  requestedBy: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  planSummary?: PlanSummary;
  /** Whether the plan found changes (`-detailed-exitcode` 2). */
  hasChanges?: boolean;
  outputs?: Record<string, unknown>;
  exitCode?: number;
  /** A sentence for a person: why the run failed, was cancelled or waits. */
  message?: string;
  /** Terraform's state lock ID when the run failed on a held lock. */
  lockId?: string;
  approvedBy?: string;
  /** Size of the log so far, in characters. */
  logSize: number;
};

/** `POST /environments/:name/runs` @public */
export type StartRunRequest = {
  operation: RunOperation;
  /** destroy: how long to wait for running jobs after the queue is disabled. */
  drainTimeoutSeconds?: number;
  /** destroy: terminate jobs still running when the drain timeout expires. */
  terminateRunningJobs?: boolean;
};

/** `GET /runs/:id/log?offset=<n>` @public */
export type RunLogChunk = {
  runId: string;
  offset: number;
  nextOffset: number;
  text: string;
  /** True once the run is finished and `text` reaches the end of the log. */
  complete: boolean;
  status: RunStatus;
};

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
