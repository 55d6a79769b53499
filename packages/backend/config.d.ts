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
    /**
     * The videogen permission policy of this backend (src/permissionPolicy.ts
     * and src/permissionRoles.ts): who has which role.
     */
    permissions?: {
      /**
       * Entity refs (groups or users) of each role. A role left out keeps its
       * default: viewer and creator `[group:default/app-team,
       * group:default/platform-team]`, the others
       * `[group:default/platform-team]`.
       */
      roles?: {
        /** Read videos, environments, runs and logs. */
        viewer?: string[];
        /** Upload, and cancel the videos one created. */
        creator?: string[];
        /** Create environments, plan and apply (sizes and counts only). */
        provisioner?: string[];
        /** Approve other users' runs, and cancel anyone's run. */
        approver?: string[];
        /** Destroy environments; the teardown template. */
        destroyer?: string[];
        /**
         * Everything: force-unlock, admin-only Terraform variables
         * (principals, CIDRs, images, security switches), cancelling anyone's
         * video.
         */
        admin?: string[];
      };
      /**
       * Older name of `roles.destroyer` (added to it when both are set).
       * @deprecated use roles.destroyer
       */
      destroyGroups?: string[];
      /**
       * Older name of `roles.admin` (added to it when both are set).
       * @deprecated use roles.admin
       */
      adminGroups?: string[];
    };
  };
}
