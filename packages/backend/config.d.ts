export interface Config {
  videogen?: {
    /** The videogen permission policy of this backend (src/permissionPolicy.ts). */
    permissions?: {
      /**
       * Entity refs allowed to destroy environments.
       * Default: `['group:default/platform-team']`.
       */
      destroyGroups?: string[];
      /**
       * Entity refs allowed to force-unlock Terraform state.
       * Default: `['group:default/platform-team']`.
       */
      adminGroups?: string[];
    };
  };
}
