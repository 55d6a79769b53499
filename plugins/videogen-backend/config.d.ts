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

    // --- Terraform run engine ---
  };
}
