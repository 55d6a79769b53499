import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Environment,
  EnvironmentStatusResponse,
  Run,
  Video,
  VideogenSignal,
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
import { jobStateBehind, useRecheck } from './useRecheck';
import { usePushAwareInterval, useVideogenSignals } from './useVideogenSignals';

/*
 * Each hook re-reads its data when the backend pushes a change of the kind
 * it shows (signals, one channel per environment) and otherwise polls: at
 * the intervals below when the app has no signals plugin, once a minute as
 * a safety net when it has.
 */

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

type VideoSignal = Extract<VideogenSignal, { kind: 'video' }>;
const jobKey = (signal: VideoSignal) => signal.jobId;

/** The queue lists the pushed job in an earlier state than pushed. */
function queueBehind(
  status: EnvironmentStatusResponse,
  signal: VideoSignal,
): boolean {
  const queue = status.queue.data;
  if (!queue) return false; // the queue cannot be read: nothing to compare
  const job = queue.recentJobs.find(j => j.id === signal.jobId);
  return !job || jobStateBehind(job.state, signal.state);
}

/** The list lacks the pushed video or shows it in an earlier state. */
function videosBehind(videos: Video[], signal: VideoSignal): boolean {
  const video = videos.find(v => v.id === signal.videoId);
  return !video || jobStateBehind(video.state, signal.state);
}

/**
 * The cluster / queue / videos summary of one environment. A job's change
 * moves the queue counts and the busy worker slots; an environment's change
 * its cluster.
 */
export function useEnvironmentStatus(environment: string, enabled = true) {
  const api = useApi(videogenApiRef);
  const intervalMs = usePushAwareInterval(STATUS_INTERVAL_MS);
  const polled = usePolling(
    () => api.getEnvironmentStatus(environment),
    [api, environment],
    { intervalMs, enabled },
  );
  const { refresh } = polled;
  const expect = useRecheck(polled.value, refresh, queueBehind, jobKey);
  useVideogenSignals(
    environment,
    signal => {
      if (signal.kind === 'video') expect(signal);
      else if (signal.kind === 'environment') refresh();
    },
    enabled,
  );
  return polled;
}

/** The environment's videos, newest first. */
export function useEnvironmentVideos(environment: string, enabled = true) {
  const api = useApi(videogenApiRef);
  const intervalMs = usePushAwareInterval(STATUS_INTERVAL_MS);
  const polled = usePolling(
    async () => (await api.listVideos(environment)).items,
    [api, environment],
    { intervalMs, enabled },
  );
  const { refresh } = polled;
  const expect = useRecheck(polled.value, refresh, videosBehind, jobKey);
  useVideogenSignals(
    environment,
    signal => {
      if (signal.kind === 'video') expect(signal);
    },
    enabled,
  );
  return polled;
}

export type TerraformData = { environment: Environment; runs: Run[] };

type TerraformSignal = Extract<VideogenSignal, { kind: 'run' | 'environment' }>;
const changeKey = (signal: TerraformSignal) =>
  signal.kind === 'run' ? `run:${signal.runId}` : 'environment';

/**
 * The data does not show the pushed status. Run statuses do not only move
 * forward (a plan awaits approval, then applies), so this compares for
 * equality; a push overtaken by a newer one stops after a few rechecks.
 */
function terraformBehind(data: TerraformData, signal: TerraformSignal) {
  if (signal.kind === 'environment') {
    return data.environment.status !== signal.status;
  }
  return data.runs.find(r => r.id === signal.runId)?.status !== signal.status;
}

/** The environment record and its runs (newest first). */
export function useTerraformData(environment: string, enabled = true) {
  const api = useApi(videogenApiRef);
  const [active, setActive] = useState(false);
  const intervalMs = usePushAwareInterval(
    active ? ACTIVE_RUN_INTERVAL_MS : IDLE_RUN_INTERVAL_MS,
  );
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
    { enabled, intervalMs },
  );
  const { refresh } = polled;
  const expect = useRecheck(polled.value, refresh, terraformBehind, changeKey);
  useVideogenSignals(
    environment,
    signal => {
      // A run's status, or the environment's lifecycle (which an apply or
      // destroy moves); log growth is the run log's business.
      if (signal.kind === 'run' || signal.kind === 'environment') {
        expect(signal);
      }
    },
    enabled,
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
