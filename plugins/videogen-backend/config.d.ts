import { HumanDuration } from '@backstage/types';

// Keys of other packages, each declared by the package that owns it:
// `videogen.mode` and `videogen.limits` (read here too, but shown to the
// browser) in plugins/videogen/config.d.ts, `videogen.catalog` in
// plugins/catalog-backend-module-videogen/config.d.ts, and
// `videogen.permissions` in packages/backend/config.d.ts.
// Durations take `{ seconds: 5 }`, `'5s'` or an ISO duration (`'PT5S'`).

export interface Config {
  /** Configuration of the video-generator plugins. */
  videogen?: {
    /**
     * Directory for local state: stored uploads and videos
     * (`<dataDir>/storage`), Terraform working directories
     * (`<dataDir>/terraform`). Relative paths are resolved against the
     * backend's working directory. Default: `.data`.
     */
    dataDir?: string;

    /**
     * Environments declared in config rather than provisioned by a
     * template. Default in local mode: one environment named `local`.
     */
    environments?: Array<{
      name: string;
      target?: 'local' | 'aws';
      region?: string;
      variables?: { [name: string]: string | number | boolean };
    }>;

    // --- upload, storage, queue and status (pipeline) ---

    /** The generator (packages/worker). */
    generator?: {
      /**
       * Generator version in the dedupe key. Default: GENERATOR_VERSION of
       * `@videogen/worker`. In aws mode set it to the version of the image
       * the Batch job definition runs.
       */
      version?: string;
    };

    /** How the local queue runs the generator. */
    worker?: {
      /**
       * Program and leading arguments (argv, no shell) of the generator CLI;
       * `render --photo ... --script ... --out ...` is appended. Default:
       * node with `@videogen/worker`'s `bin/videogen-worker`.
       */
      command?: string[];
    };

    /** AWS settings of the pipeline (aws mode). */
    aws?: {
      /** Default region for S3, Batch, EKS and CloudFormation calls. */
      region?: string;
      /**
       * Account whose credentials to use, from the `aws` integration config
       * (`aws.accounts`); default: the main account / SDK default chain.
       */
      accountId?: string;
    };

    /** Uploads (`POST /videos`). */
    uploads?: {
      /**
       * An upload that sends no byte for this long (multipart, or a PUT to
       * local mode's signed storage route) is ended with 408 and its
       * staging file removed (a stalled client would otherwise hold a
       * file and a socket for Node's 5-minute request timeout). Default
       * `{ seconds: 30 }`.
       */
      idleTimeout?: HumanDuration | string;
      /**
       * Direct uploads (`POST /uploads`): how long an upload and its URLs
       * (S3 presigned PUTs, or the local signed storage route) stay good;
       * an upload not completed by then is removed. Whole seconds, at most
       * 7 days. Default `{ minutes: 5 }`.
       */
      directUploadExpiry?: HumanDuration | string;
    };

    /** Object storage for uploads and videos. */
    storage?: {
      /** Local storage (`<dataDir>/storage`, local mode). */
      local?: {
        /**
         * Staging files and temporary uploads older than this are what a
         * crash left behind: swept at start and periodically (every half of
         * it, at most every 15 minutes). On S3 the `uploads/tmp/` lifecycle
         * rule does it. Default `{ hours: 1 }`.
         */
        staleUploadAge?: HumanDuration | string;
      };
      /**
       * S3 (aws mode). Local mode uses `<dataDir>/storage`. Each aws
       * environment uses the buckets of its own Terraform outputs
       * (`uploads_bucket`, `videos_bucket`, in the environment's region,
       * SSE-KMS with `storage_kms_key_arn` when given); the buckets here are
       * only the fallback for environments without such outputs (e.g. a
       * built-in environment declared in config). Endpoint, path style and
       * presign expiry apply to every environment's buckets.
       */
      s3?: {
        /**
         * Fallback bucket for photos and scripts (`uploads/...` keys). Set
         * both buckets or neither.
         */
        uploadsBucket?: string;
        /** Fallback bucket for generated videos (`videos/...` keys). */
        videosBucket?: string;
        /**
         * SSE-KMS key (ID, ARN or alias) of the fallback buckets; SSE-S3
         * (AES256) when unset.
         */
        kmsKeyId?: string;
        /**
         * Serve videos of the fallback buckets from this CloudFront domain
         * instead of presigned S3 URLs, e.g. `d1234.cloudfront.net`.
         */
        cloudfrontDomain?: string;
        /** S3-compatible endpoint (tests, MinIO, s3rver). */
        endpoint?: string;
        /** Path-style addressing (needed by most S3-compatible peers). */
        forcePathStyle?: boolean;
        /** Region of the fallback buckets; default `videogen.aws.region`. */
        region?: string;
        /**
         * Lifetime of presigned playback URLs, in whole seconds.
         * Default `{ seconds: 300 }`.
         */
        presignExpiry?: HumanDuration | string;
      };
    };

    /** The job queue. */
    queue?: {
      /** Retries after a job's first attempt before it is FAILED. Default 2. */
      retries?: number;
      /**
       * Jobs one user may have queued or running at once (both queues);
       * another upload is refused with 429 until one finishes. 0: no limit.
       * Default 10.
       */
      maxJobsPerUser?: number;
      /** The local queue (local mode). */
      local?: {
        /**
         * Generator processes this backend runs at once. Default: CPUs − 1
         * (at least 1). 0 makes this replica web-only (it queues, others run).
         */
        workers?: number;
        /** Time between queue polls (uploads also wake it). Default `{ seconds: 1 }`. */
        pollInterval?: HumanDuration | string;
        /**
         * How long a claimed job's lease lasts without a heartbeat; a job
         * whose backend died is retried after it. Longer than
         * `heartbeatInterval`. Default `{ seconds: 30 }`.
         */
        lease?: HumanDuration | string;
        /** Time between lease heartbeats. Default `{ seconds: 5 }`. */
        heartbeatInterval?: HumanDuration | string;
        /** Time between SIGTERM and SIGKILL on cancel. Default `{ seconds: 10 }`. */
        cancelGrace?: HumanDuration | string;
      };
      /** AWS Batch (aws mode). */
      batch?: {
        /**
         * Job queue (name or ARN) for environments without a Terraform
         * `job_queue_name`/`job_queue_arn` output.
         */
        jobQueue?: string;
        /**
         * Job definition (name, name:revision or ARN) for environments
         * without a Terraform `job_definition_arn` output.
         */
        jobDefinition?: string;
        /**
         * `eks` (default): inputs as EKS pod container env overrides;
         * `ecs`: as container overrides.
         */
        platform?: 'eks' | 'ecs';
        /** Container to override in an EKS pod with several containers. */
        containerName?: string;
        /** Time between DescribeJobs polls. Default `{ seconds: 10 }`. */
        pollInterval?: HumanDuration | string;
        /**
         * The job queues have a fair-share scheduling policy: jobs are
         * submitted with their uploader as `shareIdentifier`. Leave unset
         * for FIFO queues (the default; Batch refuses share identifiers
         * there). Default false.
         */
        fairShare?: boolean;
      };
    };

    /** The environment status endpoint. */
    status?: {
      /** How long AWS answers (EKS, Batch, CloudFormation) are cached. Default `{ seconds: 10 }`. */
      cacheTtl?: HumanDuration | string;
      /** EKS (aws mode). */
      eks?: {
        /** Cluster for environments without an `eks_cluster_name` output. */
        clusterName?: string;
      };
      /** CloudFormation stack of the Terraform state bucket. */
      stateStack?: {
        /** Stack name; shown in the status when set. */
        name?: string;
      };
    };

    // --- Terraform run engine ---

    /** The Terraform run engine (plan, apply, destroy of environments). */
    terraform?: {
      /** The terraform binary: a path, or a name on PATH. Default: `terraform`. */
      binary?: string;
      /**
       * Directory holding the root modules `local/` and `aws/`, to use
       * roots of your own. Relative paths are resolved against the
       * backend's working directory. Default: the roots shipped in this
       * package (`assets/terraform/environments`), or in a checkout of its
       * repository that repository's `terraform/environments`.
       */
      environmentsDir?: string;
      /**
       * Terraform CLI configuration (TF_CLI_CONFIG_FILE) given to every
       * run, e.g. the repository's `terraform/cli.tfrc` with the provider
       * mirror. A `plugin_cache_dir` in it is created when missing. Default:
       * none (Terraform's own lookup).
       */
      cliConfigFile?: string;
      /**
       * S3 bucket of the aws environments' state (`-backend-config=bucket`)
       * for environments created without a `stateBucket` of their own (the
       * provision template gives each one the bucket it bootstrapped in its
       * region).
       */
      stateBucket?: string;
      /** Region of that bucket (`-backend-config=region`). */
      stateRegion?: string;
      /**
       * AWS account whose credentials (from the `aws` integration config)
       * aws runs get. Default: the main account.
       */
      awsAccountId?: string;
      /**
       * How long Terraform waits for a held state lock before it fails with
       * the lock's ID (`-lock-timeout`). Default: `{ seconds: 30 }`.
       */
      lockTimeout?: HumanDuration | string;
      /**
       * Largest log kept per run, in bytes: the head and the tail are kept,
       * the middle is dropped with a note. Default: 1048576 (1 MiB).
       */
      maxLogBytes?: number;
      /**
       * How often every READY aws environment is planned to detect drift,
       * e.g. `{ hours: 6 }` or an ISO duration such as `PT6H`; `false`
       * disables it. Default: `{ hours: 6 }`.
       */
      driftCheckInterval?: false | HumanDuration | string;
      /**
       * Destroy: how long to wait for running jobs after the environment's
       * queue is disabled, at most an hour (a request may ask for 0-3600
       * seconds with `drainTimeoutSeconds`). Default: `{ minutes: 5 }`.
       */
      drainTimeout?: HumanDuration | string;
      /**
       * Destroy: terminate jobs still running after the drain timeout
       * (otherwise the destroy fails and the queue is enabled again).
       * Default: false.
       */
      terminateRunningJobs?: boolean;
      /**
       * Secret Terraform variables (name → value), for example a database
       * password. They reach Terraform only as TF_VAR_<name> environment
       * variables and are replaced with `***` wherever Terraform prints them.
       * @deepVisibility secret
       */
      secretVariables?: { [name: string]: string };
    };
  };
}
