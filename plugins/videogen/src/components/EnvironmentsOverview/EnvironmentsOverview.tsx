import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { videogenApiRef } from '../../api';
import { useEnvironmentReadPermission } from '../../hooks/useEnvironmentData';
import { usePolling } from '../../hooks/usePolling';
import {
  usePushAwareInterval,
  useVideogenSignals,
} from '../../hooks/useVideogenSignals';
import { describeError } from '../shared/errors';
import { EnvironmentRow, EnvironmentsTable } from './EnvironmentsTable';

const OVERVIEW_INTERVAL_MS = 30_000;

/** The tab this plugin adds to entity pages. */
export const ENTITY_TAB_PATH = 'video-generator';

/**
 * Links to an environment's entity tab, through the catalog's entity route
 * when the app has one, else the catalog's default path.
 */
export function useEnvironmentEntityLink(): (name: string) => string {
  let entityRoute:
    | ((params: { namespace: string; kind: string; name: string }) => string)
    | undefined;
  try {
    // useRouteRef throws when no entity page is mounted, after its own hooks
    // ran: the hook order is the same on every render of the same app.
    // eslint-disable-next-line react-hooks/rules-of-hooks
    entityRoute = useRouteRef(entityRouteRef);
  } catch {
    entityRoute = undefined;
  }
  return (name: string) => {
    const base = entityRoute
      ? entityRoute({ namespace: 'default', kind: 'resource', name })
      : `/catalog/default/resource/${encodeURIComponent(name)}`;
    return `${base.replace(/\/$/, '')}/${ENTITY_TAB_PATH}`;
  };
}

/** All environments with their health, for the standalone page. */
export const EnvironmentsOverview = () => {
  const api = useApi(videogenApiRef);
  const read = useEnvironmentReadPermission();
  const linkTo = useEnvironmentEntityLink();
  const intervalMs = usePushAwareInterval(OVERVIEW_INTERVAL_MS);
  const data = usePolling<EnvironmentRow[]>(
    async () => {
      const { items } = await api.listEnvironments();
      return Promise.all(
        items.map(async environment => {
          const [status, lastRun] = await Promise.allSettled([
            api.getEnvironmentStatus(environment.name),
            environment.lastRunId
              ? api.getRun(environment.lastRunId)
              : Promise.resolve(undefined),
          ]);
          return {
            environment,
            status: status.status === 'fulfilled' ? status.value : undefined,
            statusError:
              status.status === 'rejected'
                ? describeError(status.reason)
                : undefined,
            lastRun: lastRun.status === 'fulfilled' ? lastRun.value : undefined,
          };
        }),
      );
    },
    [api],
    { intervalMs, enabled: read.allowed },
  );
  // Every listed environment's changes: its lifecycle, its last run and its
  // queue counts are columns here. A burst of pushes costs one re-read, as a
  // refresh asked for during a fetch is folded into the next one. A new
  // environment shows at the next poll (no channel announces it).
  const { refresh } = data;
  useVideogenSignals(
    data.value?.map(row => row.environment.name),
    signal => {
      if (signal.kind !== 'runLog') refresh();
    },
    read.allowed,
  );
  return (
    <EnvironmentsTable
      rows={data.value}
      updatedAt={data.updatedAt}
      loading={read.loading || data.loading}
      error={data.error}
      denied={read.denied}
      linkTo={linkTo}
    />
  );
};
