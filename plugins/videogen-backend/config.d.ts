export interface Config {
  /** Configuration of the video-generator plugins. */
  videogen?: {
    /**
     * `local`: SQLite, files under `dataDir/storage`, a local worker pool.
     * `aws`: RDS, S3, AWS Batch on EKS.
     * @visibility frontend
     */
    mode?: 'local' | 'aws';

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

    /** Permission policy of this repository's backend (packages/backend). */
    permissions?: {
      /** Entity refs allowed to destroy environments. */
      destroyGroups?: string[];
      /** Entity refs allowed to force-unlock Terraform state. */
      adminGroups?: string[];
    };

    /** Catalog module settings. */
    catalog?: {
      /** Owner of the published environment entities. */
      owner?: string;
      /** Seconds between scheduled refreshes. */
      refreshSeconds?: number;
    };

    // --- upload, storage, queue and status (pipeline) ---

    /**
     * Upload limits. The server enforces them; the browser checks the same
     * values before sending (also served at `GET /api/videogen/limits`).
     */
    limits?: {
      /**
       * Largest photo accepted, in bytes. Default 20971520 (20 MB).
       * @visibility frontend
       */
      maxPhotoBytes?: number;
      /**
       * Largest photo accepted, in pixels (width × height). Default 40000000.
       * @visibility frontend
       */
      maxPhotoPixels?: number;
      /**
       * Longest script accepted, in characters after normalisation.
       * Default 5000.
       * @visibility frontend
       */
      maxScriptCharacters?: number;
    };

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

    /** Object storage for uploads and videos. */
    storage?: {
      /** S3 buckets (aws mode). Local mode uses `<dataDir>/storage`. */
      s3?: {
        /** Bucket for photos and scripts (`uploads/...` keys). */
        uploadsBucket?: string;
        /** Bucket for generated videos (`videos/...` keys). */
        videosBucket?: string;
        /** SSE-KMS key (ID, ARN or alias); SSE-S3 (AES256) when unset. */
        kmsKeyId?: string;
        /**
         * Serve videos from this CloudFront domain instead of presigned S3
         * URLs, e.g. `d1234.cloudfront.net`.
         */
        cloudfrontDomain?: string;
        /** S3-compatible endpoint (tests, MinIO, s3rver). */
        endpoint?: string;
        /** Path-style addressing (needed by most S3-compatible peers). */
        forcePathStyle?: boolean;
        /** Region of the buckets; default `videogen.aws.region`. */
        region?: string;
        /** Lifetime of presigned playback URLs in seconds. Default 300. */
        presignExpirySeconds?: number;
      };
    };

    /** The job queue. */
    queue?: {
      /** Retries after a job's first attempt before it is FAILED. Default 2. */
      retries?: number;
      /** The local queue (local mode). */
      local?: {
        /**
         * Generator processes this backend runs at once. Default: CPUs − 1
         * (at least 1). 0 makes this replica web-only (it queues, others run).
         */
        workers?: number;
        /** Seconds between queue polls (uploads also wake it). Default 1. */
        pollIntervalSeconds?: number;
        /**
         * Seconds a claimed job's lease lasts without a heartbeat; a job
         * whose backend died is retried after it. Default 30.
         */
        leaseSeconds?: number;
        /** Seconds between lease heartbeats. Default 5. */
        heartbeatSeconds?: number;
        /** Seconds between SIGTERM and SIGKILL on cancel. Default 10. */
        cancelGraceSeconds?: number;
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
        /** Seconds between DescribeJobs polls. Default 10. */
        pollIntervalSeconds?: number;
      };
    };

    /** The environment status endpoint. */
    status?: {
      /** Seconds AWS answers (EKS, Batch, CloudFormation) are cached. Default 10. */
      cacheTtlSeconds?: number;
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
       * Directory holding the root modules `local/` and `aws/`. Relative
       * paths are resolved against the backend's working directory.
       * Default: `terraform/environments`.
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
       * the lock's ID (`-lock-timeout`), in seconds. Default: 30.
       */
      lockTimeoutSeconds?: number;
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
      driftCheckInterval?:
        | false
        | string
        | {
            days?: number;
            hours?: number;
            minutes?: number;
            seconds?: number;
          };
      /**
       * Destroy: how long to wait for running jobs after the environment's
       * queue is disabled, in seconds (a request may ask for 0-3600).
       * Default: 300.
       */
      drainTimeoutSeconds?: number;
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
