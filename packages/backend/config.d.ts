export interface Config {
  backend?: {
    /**
     * Host names (`host` or `host:port`, as browsers send them in the Host
     * header) this backend answers to besides the host of `backend.baseUrl`
     * and its own listen address; any other Host gets 421 (protection
     * against DNS rebinding). Behind a CDN that sends the origin's name as
     * Host, list that name here.
     */
    allowedHosts?: string[];
  };
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
