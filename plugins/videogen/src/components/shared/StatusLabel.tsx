import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import {
  EnvironmentLifecycle,
  JobState,
  RunStatus,
} from '@videogen/plugin-videogen-common';
import { ReactNode } from 'react';

/** The kinds of Backstage status indicator. */
export type StatusKind =
  | 'ok'
  | 'error'
  | 'warning'
  | 'pending'
  | 'running'
  | 'aborted';

const COMPONENTS = {
  ok: StatusOK,
  error: StatusError,
  warning: StatusWarning,
  pending: StatusPending,
  running: StatusRunning,
  aborted: StatusAborted,
};

/** A Backstage status indicator with its text. */
export const StatusLabel = (props: {
  kind: StatusKind;
  children: ReactNode;
}) => {
  const Component = COMPONENTS[props.kind];
  return <Component>{props.children}</Component>;
};

export function jobStateKind(state: JobState): StatusKind {
  switch (state) {
    case 'SUCCEEDED':
      return 'ok';
    case 'FAILED':
      return 'error';
    case 'STARTING':
    case 'RUNNING':
      return 'running';
    default:
      return 'pending';
  }
}

export function runStatusKind(status: RunStatus): StatusKind {
  switch (status) {
    case 'SUCCEEDED':
      return 'ok';
    case 'FAILED':
      return 'error';
    case 'RUNNING':
      return 'running';
    case 'AWAITING_APPROVAL':
      return 'warning';
    case 'CANCELLED':
    case 'INTERRUPTED':
      return 'aborted';
    default:
      return 'pending';
  }
}

export function lifecycleKind(status: EnvironmentLifecycle): StatusKind {
  switch (status) {
    case 'READY':
      return 'ok';
    case 'FAILED':
      return 'error';
    case 'PROVISIONING':
    case 'DESTROYING':
      return 'running';
    case 'DESTROYED':
      return 'aborted';
    default:
      return 'pending';
  }
}

/**
 * Free-form statuses reported by EKS, Batch and the local pool ("ACTIVE",
 * "VALID", "ENABLED", "CREATING", "DEGRADED", "ok", ...).
 */
export function resourceStatusKind(status: string | undefined): StatusKind {
  const s = (status ?? '').toUpperCase();
  if (
    [
      'ACTIVE',
      'VALID',
      'ENABLED',
      'READY',
      'OK',
      'RUNNING',
      'HEALTHY',
    ].includes(s)
  ) {
    return 'ok';
  }
  if (['CREATING', 'UPDATING', 'STARTING', 'PROVISIONING'].includes(s)) {
    return 'running';
  }
  if (['DELETING', 'DISABLED', 'DRAINING', 'STOPPED'].includes(s)) {
    return 'aborted';
  }
  if (
    [
      'FAILED',
      'INVALID',
      'DEGRADED',
      'CREATE_FAILED',
      'DELETE_FAILED',
      'ERROR',
      'UNHEALTHY',
    ].includes(s)
  ) {
    return 'error';
  }
  return 'warning';
}

/** A human form of an upper-case status: "AWAITING_APPROVAL" → "awaiting approval". */
export function humanize(status: string): string {
  return status.toLowerCase().replace(/_/g, ' ');
}
