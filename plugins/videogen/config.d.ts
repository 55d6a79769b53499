export interface Config {
  /** Configuration of the video-generator plugins. */
  videogen?: {
    /**
     * `local`: SQLite, files under `dataDir/storage`, a local worker pool.
     * `aws`: RDS, S3, AWS Batch on EKS. The backend plugin picks its
     * adapters by it; the upload page shows it.
     * @visibility frontend
     */
    mode?: 'local' | 'aws';

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

    /**
     * Approval of Terraform runs that need it. Declared here, not in the
     * backend, because the Terraform card reads it too (a key may be
     * declared once, with one visibility).
     */
    approval?: {
      /**
       * Whether the user who started a run may approve it. Default false
       * (four eyes); app-config.yaml sets it for the one-person local demo.
       * Honoured in local mode only (`videogen.mode: local`), by the API and
       * by the Approve button alike, so that it never weakens an aws
       * deployment, which reads app-config.yaml too.
       * @visibility frontend
       */
      allowSelfApproval?: boolean;
    };
  };
}
