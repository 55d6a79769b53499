// This file is generated from
// plugins/videogen-backend/src/schema/openapi.yaml by scripts/openapi/generate.mjs.
// Do not edit it: change the document and run `yarn openapi:generate`.
/**
 * One program or file the plugin needs on the backend host
 */
export type PrerequisiteCheck = {
  /**
   * terraform, ffmpeg, ffprobe, espeak-ng or font
   */
  name: string;
  ok: boolean;
  /**
   * Where it was found, or what fails without it
   */
  message: string;
  /**
   * What to install or configure (failed checks only)
   */
  install?: string;
};

export type EnvironmentLifecycle =
  | 'NEW'
  | 'PROVISIONING'
  | 'READY'
  | 'DESTROYING'
  | 'DESTROYED'
  | 'FAILED';

/**
 * Terraform input variables (non-secret)
 */
export type Variables = {
  [key: string]: string | number | boolean;
};

export type Environment = {
  name: string;
  target: 'local' | 'aws';
  /**
   * AWS region, or local
   */
  region: string;
  variables: Variables;
  requireApproval: boolean;
  /**
   * S3 bucket (in the environment's region) of an aws environment's Terraform state, when not the backend's configured one
   */
  stateBucket?: string;
  /**
   * Declared in the backend's config (videogen.environments) rather than provisioned by a template: usable at once, published by the catalog module like the others (unless its builtInEnvironments is turned off), and never destroyed
   */
  builtIn?: boolean;
  status: EnvironmentLifecycle;
  /**
   * terraform output -json values of the last successful apply (sensitive ones as "(sensitive)")
   */
  outputs: {
    [key: string]: unknown;
  };
  lastRunId?: string;
  drift?: {
    drifted: boolean;
    checkedAt: string;
    message?: string;
  };
  createdBy: string;
  createdAt: string;
  updatedAt: string;
};

export type CreateEnvironmentRequest = {
  name: string;
  target: 'local' | 'aws';
  /**
   * Required for aws (an AWS region name); local or absent for local
   */
  region?: string;
  variables?: Variables;
  /**
   * Default: true for aws, false for local
   */
  requireApproval?: boolean;
  /**
   * aws only; the S3 bucket in the environment's region for its Terraform state (the bucketName output of videogen:state:bootstrap). Default videogen.terraform.stateBucket
   */
  stateBucket?: string;
};

export type RunStatus =
  | 'PENDING'
  | 'RUNNING'
  | 'AWAITING_APPROVAL'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'CANCELLED'
  | 'INTERRUPTED';

export type PlanSummary = {
  add: number;
  change: number;
  destroy: number;
};

export type Run = {
  id: string;
  environment: string;
  operation: 'plan' | 'apply' | 'destroy';
  status: RunStatus;
  requestedBy: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  planSummary?: PlanSummary;
  /**
   * Whether the plan found changes (-detailed-exitcode 2)
   */
  hasChanges?: boolean;
  outputs?: {
    [key: string]: unknown;
  };
  exitCode?: number;
  /**
   * A sentence for a person: why the run failed, was cancelled or waits
   */
  message?: string;
  /**
   * Terraform's state lock ID when the run failed on a held lock
   */
  lockId?: string;
  approvedBy?: string;
  /**
   * Size of the log so far, in characters
   */
  logSize: number;
};

export type StartRunRequest = {
  operation: 'plan' | 'apply' | 'destroy';
  /**
   * destroy: how long to wait for running jobs after the queue is disabled
   */
  drainTimeoutSeconds?: number;
  /**
   * destroy: terminate jobs still running when the drain timeout expires
   */
  terminateRunningJobs?: boolean;
};

export type RunLogChunk = {
  runId: string;
  offset: number;
  nextOffset: number;
  text: string;
  /**
   * True once the run is finished and text reaches the end of the log
   */
  complete: boolean;
  status: RunStatus;
};

export type ErrorBody = {
  error: {
    name: string;
    message: string;
  };
};

/**
 * AWS Batch's job states, in both the local queue and Batch
 */
export type JobState =
  | 'SUBMITTED'
  | 'PENDING'
  | 'RUNNABLE'
  | 'STARTING'
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'FAILED';

export type JobCounts = {
  SUBMITTED: number;
  PENDING: number;
  RUNNABLE: number;
  STARTING: number;
  RUNNING: number;
  SUCCEEDED: number;
  FAILED: number;
  [key: string]: number;
};

export type UploadLimits = {
  maxPhotoBytes: number;
  maxPhotoPixels: number;
  maxScriptCharacters: number;
};

export type Video = {
  id: string;
  environment: string;
  photoSha256: string;
  scriptSha256: string;
  generatorVersion: string;
  /**
   * The job's state, in AWS Batch's vocabulary
   */
  state: JobState;
  jobId: string;
  /**
   * Why the job failed, when state is FAILED
   */
  failureReason?: string;
  durationSeconds?: number;
  sizeBytes?: number;
  /**
   * How many later uploads of the same photo + script were answered with this video
   */
  dedupeHits: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  startedAt?: string;
  finishedAt?: string;
};

export type DeclaredObject = {
  /**
   * Lower-case hex SHA-256 of the bytes that will be sent
   */
  sha256: string;
  /**
   * Exact size in bytes
   */
  size: number;
};

export type StartUploadRequest = {
  environment: string;
  photo: DeclaredObject & {
    /**
     * image/jpeg, image/png or image/webp
     */
    contentType: string;
  };
  script: DeclaredObject;
};

/**
 * Where and how to send one object's bytes
 */
export type UploadTarget = {
  url: string;
  method: 'PUT';
  /**
   * Headers the request must carry exactly (they are signed)
   */
  headers: {
    [key: string]: string;
  };
};

export type StartUploadResponse = {
  uploadId: string;
  photo: UploadTarget;
  script: UploadTarget;
  /**
   * When the URLs stop working
   */
  expiresAt: string;
};

export type UploadVideoResponse = {
  videoId: string;
  jobId: string;
  deduplicated: boolean;
  video: Video;
};

/**
 * data, or error when the source failed (data may then be missing)
 */
export type StatusSection = {
  data?: {
    [key: string]: unknown;
  };
  error?: string;
  updatedAt: string;
};

export type ClusterStatus = {
  kind: 'eks' | 'local-pool';
  name: string;
  status: string;
  kubernetesVersion?: string;
  endpointPublicAccess?: boolean;
  endpointPrivateAccess?: boolean;
  nodeGroups: Array<{
    name: string;
    status: string;
    desiredSize: number;
    minSize: number;
    maxSize: number;
    readyNodes?: number;
    instanceTypes: Array<string>;
  }>;
  /**
   * Local pool only: worker slots
   */
  slots?: number;
  /**
   * Local pool only: busy worker slots
   */
  busy?: number;
  /**
   * Local pool only: the host the workers run on
   */
  host?: string;
};

export type QueueStatus = {
  name: string;
  /**
   * ENABLED, or DISABLED while draining
   */
  state: string;
  status: string;
  computeEnvironments: Array<{
    name: string;
    state: string;
    status: string;
  }>;
  counts: JobCounts;
  recentJobs: Array<{
    id: string;
    videoId: string;
    state: JobState;
    createdAt: string;
    startedAt?: string;
    finishedAt?: string;
    durationSeconds?: number;
    failureReason?: string;
  }>;
};

export type VideoSummary = {
  total: number;
  byState: JobCounts;
  dedupeHits: number;
  totalDurationSeconds: number;
};

export type EnvironmentStatusResponse = {
  environment: string;
  target: 'local' | 'aws';
  cluster: StatusSection & {
    data?: ClusterStatus;
  };
  queue: StatusSection & {
    data?: QueueStatus;
  };
  videos: StatusSection & {
    data?: VideoSummary;
  };
  stateStack?: StatusSection & {
    data?: {
      name: string;
      status: string;
      bucket?: string;
    };
  };
};
