import { HumanDuration } from '@backstage/types';

export interface Config {
  videogen?: {
    /** The catalog module that publishes videogen environments. */
    catalog?: {
      /**
       * Owner of the published environment entities.
       * Default: `group:default/platform-team`.
       */
      owner?: string;
      /**
       * Time between scheduled refreshes, e.g. `{ minutes: 1 }`, `'1m'` or
       * `'PT1M'`. Default: `{ seconds: 60 }`.
       */
      refreshInterval?: HumanDuration | string;
      /**
       * Built-in environments (`videogen.environments`, `local` by default
       * in local mode) are published like the others. Turn off when your
       * catalog describes them itself. Default: true.
       */
      builtInEnvironments?: { enabled?: boolean };
      /**
       * The `video-generator` System the environments belong to. Turn off
       * when your catalog describes it itself. Default: true.
       */
      system?: { enabled?: boolean };
      /**
       * The provision and teardown templates shipped in
       * `@videogen/plugin-scaffolder-backend-module-videogen`, as Template
       * entities (no catalog location needed). Turn off to register them
       * yourself. Default: true.
       */
      templates?: { enabled?: boolean };
    };
  };
}
