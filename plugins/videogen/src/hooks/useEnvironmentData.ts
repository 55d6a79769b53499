import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Environment,
  Run,
  videogenEnvironmentAdminPermission,
  videogenEnvironmentCreatePermission,
  videogenEnvironmentDeletePermission,
  videogenEnvironmentReadPermission,
  videogenRunApprovePermission,
  videogenVideoReadPermission,
} from '@videogen/plugin-videogen-common';
import { useEffect, useState } from 'react';
import { videogenApiRef } from '../api';
import { usePolling } from './usePolling';

/** How often the status cards refresh (the server caches cloud calls briefly). */
export const STATUS_INTERVAL_MS = 10_000;
/** While a Terraform run is active its card refreshes faster. */
export const ACTIVE_RUN_INTERVAL_MS = 5_000;
export const IDLE_RUN_INTERVAL_MS = 15_000;

const ACTIVE_RUN_STATUSES = ['PENDING', 'RUNNING', 'AWAITING_APPROVAL'];

type ReadPermission = { allowed: boolean; loading: boolean; denied?: string };

function readPermission(
  result: { allowed: boolean; loading: boolean },
  what: string,
  permissionName: string,
): ReadPermission {
  return {
    ...result,
    denied:
      !result.loading && !result.allowed
        ? `You may not see ${what} (${permissionName}).`
        : undefined,
  };
}

/** videogen.video.read: the cluster, queue and videos cards. */
export function useVideoReadPermission(): ReadPermission {
  return readPermission(
    usePermission({ permission: videogenVideoReadPermission }),
    "this environment's status and videos",
    videogenVideoReadPermission.name,
  );
}

/** videogen.environment.read: the Terraform card. */
export function useEnvironmentReadPermission(): ReadPermission {
  return readPermission(
    usePermission({ permission: videogenEnvironmentReadPermission }),
    "this environment's Terraform runs",
    videogenEnvironmentReadPermission.name,
  );
}

/** The cluster / queue / videos summary of one environment. */
export function useEnvironmentStatus(environment: string, enabled = true) {
  const api = useApi(videogenApiRef);
  return usePolling(
    () => api.getEnvironmentStatus(environment),
    [api, environment],
    {
      intervalMs: STATUS_INTERVAL_MS,
      enabled,
    },
  );
}

/** The environment's videos, newest first. */
export function useEnvironmentVideos(environment: string, enabled = true) {
  const api = useApi(videogenApiRef);
  return usePolling(
    async () => (await api.listVideos(environment)).items,
    [api, environment],
    { intervalMs: STATUS_INTERVAL_MS, enabled },
  );
}

export type TerraformData = { environment: Environment; runs: Run[] };

/** The environment record and its runs (newest first). */
export function useTerraformData(environment: string, enabled = true) {
  const api = useApi(videogenApiRef);
  const [active, setActive] = useState(false);
  const polled = usePolling<TerraformData>(
    async () => {
      const [env, runs] = await Promise.all([
        api.getEnvironment(environment),
        api.listRuns(environment),
      ]);
      const sorted = [...runs.items].sort((a, b) =>
        b.createdAt.localeCompare(a.createdAt),
      );
      return { environment: env, runs: sorted };
    },
    [api, environment],
    {
      enabled,
      intervalMs: active ? ACTIVE_RUN_INTERVAL_MS : IDLE_RUN_INTERVAL_MS,
    },
  );
  const nowActive = hasActiveRun(polled.value?.runs);
  useEffect(() => setActive(nowActive), [nowActive]);
  return polled;
}

export function hasActiveRun(runs: Run[] | undefined): boolean {
  return !!runs?.some(r => ACTIVE_RUN_STATUSES.includes(r.status));
}

/** What the user may do to environments. */
export function useTerraformPermissions() {
  const create = usePermission({
    permission: videogenEnvironmentCreatePermission,
  });
  const destroy = usePermission({
    permission: videogenEnvironmentDeletePermission,
  });
  const admin = usePermission({
    permission: videogenEnvironmentAdminPermission,
  });
  // Approvers also cancel anyone's run (the API's rule).
  const approver = usePermission({
    permission: videogenRunApprovePermission,
  });
  return {
    plan: !create.loading && create.allowed,
    approve: !approver.loading && approver.allowed,
    cancelAny: !approver.loading && approver.allowed,
    destroy: !destroy.loading && destroy.allowed,
    forceUnlock: !admin.loading && admin.allowed,
  };
}
