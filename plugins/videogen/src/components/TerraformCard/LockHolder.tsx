import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { Run } from '@videogen/plugin-videogen-common';
import { ReactNode } from 'react';
import { displayUser, formatAge, shortId } from '../shared/format';
import { humanize } from '../shared/StatusLabel';
import { isActiveRun } from './runStatus';

/**
 * Who holds the environment's Terraform state: the active run, or a held
 * state lock the latest run failed on.
 */
export const LockHolder = (props: {
  runs: Run[];
  now: number;
  /** Shown next to a held state lock, for administrators. */
  unlockAction?: (lockId: string) => ReactNode;
}) => {
  const { runs, now, unlockAction } = props;
  const holder = runs.find(r => isActiveRun(r.status));
  const latest = runs[0];
  if (holder) {
    const since = holder.startedAt ?? holder.createdAt;
    return (
      <Alert
        severity={holder.status === 'AWAITING_APPROVAL' ? 'warning' : 'info'}
      >
        <strong>Locked</strong> by {holder.operation} run{' '}
        <code title={holder.id}>{shortId(holder.id)}</code> (
        {humanize(holder.status)}), requested by{' '}
        {displayUser(holder.requestedBy)}{' '}
        <span title={new Date(since).toLocaleString()}>
          {formatAge(since, now)}
        </span>
        .{holder.message ? ` ${holder.message}` : ''}
      </Alert>
    );
  }
  if (latest?.lockId) {
    return (
      <Alert severity="error" action={unlockAction?.(latest.lockId)}>
        Run <code title={latest.id}>{shortId(latest.id)}</code> failed on a held
        Terraform state lock (lock ID <code>{latest.lockId}</code>).
        {latest.message ? ` ${latest.message}` : ''}
      </Alert>
    );
  }
  return <Typography variant="body2">Not locked: no run is active.</Typography>;
};
