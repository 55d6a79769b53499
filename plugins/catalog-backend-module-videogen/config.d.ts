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
    };
  };
}
