import {
  LogViewer,
  StructuredMetadataTable,
  Table,
  TableColumn,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  Environment,
  Run,
  RunStatus,
  TERMINAL_RUN_STATUSES,
} from '@videogen/plugin-videogen-common';
import { ReactNode, useState } from 'react';
import { RunLogState } from '../../hooks/useRunLog';
import { useNow } from '../../hooks/useNow';
import { describeError } from '../shared/errors';
import {
  displayUser,
  formatAge,
  formatDuration,
  secondsBetween,
  shortId,
} from '../shared/format';
import { StatusCard } from '../shared/StatusCard';
import {
  humanize,
  lifecycleKind,
  runStatusKind,
  StatusLabel,
} from '../shared/StatusLabel';
import { DestroyDialog, DestroyOptions } from './DestroyDialog';

/** What the signed-in user may do, from the permission framework. */
export type TerraformPermissions = {
  /** videogen.environment.create: plan, apply, approve, cancel. */
  plan: boolean;
  approve: boolean;
  /** videogen.environment.delete */
  destroy: boolean;
  /** videogen.environment.admin: release a held state lock. */
  forceUnlock?: boolean;
};

export type TerraformCardProps = {
  environment?: Environment;
  runs?: Run[];
  updatedAt?: Date | string;
  loading?: boolean;
  error?: Error;
  denied?: string;
  /** The run whose log is shown. */
  selectedRunId?: string;
  onSelectRun: (runId: string) => void;
  log?: RunLogState;
  permissions: TerraformPermissions;
  onPlan: () => Promise<unknown>;
  onApprove: (run: Run) => Promise<unknown>;
  onCancelRun: (run: Run) => Promise<unknown>;
  onDestroy: (options: DestroyOptions) => Promise<unknown>;
  onForceUnlock?: (lockId: string) => Promise<unknown>;
  /** How many runs to list. */
  recentRuns?: number;
};

/** Runs that hold the environment: only one may be active at a time. */
export function isActiveRun(status: RunStatus): boolean {
  return !TERMINAL_RUN_STATUSES.includes(status);
}

export function planSummaryText(run: Run): string {
  if (!run.planSummary) return run.operation === 'plan' ? 'no plan yet' : '—';
  const { add, change, destroy } = run.planSummary;
  return `+${add} ~${change} −${destroy}`;
}

const LockHolder = (props: {
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

const Drift = (props: { environment: Environment; now: number }) => {
  const { drift } = props.environment;
  if (!drift) {
    return <Typography variant="body2">Drift: not checked yet.</Typography>;
  }
  const checked = `checked ${formatAge(drift.checkedAt, props.now)}`;
  return drift.drifted ? (
    <Alert severity="warning">
      <strong>Drift detected</strong> ({checked}).
      {drift.message ? ` ${drift.message}` : ''}
    </Alert>
  ) : (
    <Typography variant="body2">
      <StatusLabel kind="ok">No drift</StatusLabel> ({checked})
    </Typography>
  );
};

/**
 * The environment's Terraform side: runs, the run log, the lock holder,
 * drift, outputs, and the Plan / Approve / Destroy actions the user may take.
 */
export const TerraformCard = (props: TerraformCardProps) => {
  const {
    environment,
    runs,
    updatedAt,
    loading,
    error,
    denied,
    selectedRunId,
    onSelectRun,
    log,
    permissions,
    recentRuns = 5,
  } = props;
  const now = useNow(5000);
  const [pending, setPending] = useState<string>();
  const [actionError, setActionError] = useState<string>();
  const [destroyOpen, setDestroyOpen] = useState(false);
  const [unlockLockId, setUnlockLockId] = useState<string>();

  const act = async (name: string, action: () => Promise<unknown>) => {
    setPending(name);
    setActionError(undefined);
    try {
      await action();
    } catch (e) {
      setActionError(describeError(e));
    } finally {
      setPending(undefined);
    }
  };

  const list = runs ?? [];
  const holder = list.find(r => isActiveRun(r.status));
  const awaiting = list.find(r => r.status === 'AWAITING_APPROVAL');
  const selected = list.find(r => r.id === selectedRunId);

  const columns: TableColumn<Run>[] = [
    {
      title: 'Run',
      render: r => (
        <Button
          size="small"
          variant={r.id === selectedRunId ? 'outlined' : 'text'}
          aria-pressed={r.id === selectedRunId}
          style={{ textTransform: 'none' }}
          aria-label={`Show the log of ${r.operation} run ${shortId(r.id)}`}
          onClick={() => onSelectRun(r.id)}
        >
          {r.operation} {shortId(r.id)}
        </Button>
      ),
    },
    {
      title: 'Status',
      render: r => (
        <StatusLabel kind={runStatusKind(r.status)}>
          {humanize(r.status)}
        </StatusLabel>
      ),
    },
    { title: 'Changes', render: r => planSummaryText(r) },
    { title: 'By', render: r => displayUser(r.requestedBy) },
    {
      title: 'Started',
      render: r => formatAge(r.startedAt ?? r.createdAt, now),
    },
    {
      title: 'Duration',
      render: r =>
        formatDuration(
          secondsBetween(
            r.startedAt ?? r.createdAt,
            r.finishedAt ??
              (isActiveRun(r.status) ? new Date(now).toISOString() : undefined),
          ),
        ),
    },
  ];

  const builtIn = !!environment?.builtIn;
  const actions = environment && (
    <Box display="flex" flexWrap="wrap" alignItems="center" style={{ gap: 8 }}>
      {permissions.plan && (
        <Button
          variant="outlined"
          color="primary"
          disabled={!!pending || !!holder}
          title={holder ? 'A run is active; wait for it to finish.' : undefined}
          onClick={() => act('plan', () => props.onPlan())}
        >
          Plan
        </Button>
      )}
      {permissions.approve && (
        <Button
          variant="contained"
          color="primary"
          disabled={!!pending || !awaiting}
          aria-label={
            awaiting
              ? `Approve ${awaiting.operation} run ${shortId(awaiting.id)}`
              : 'Approve (no run is waiting for approval)'
          }
          onClick={() =>
            awaiting && act('approve', () => props.onApprove(awaiting))
          }
        >
          Approve
        </Button>
      )}
      {permissions.plan && holder && holder.status !== 'AWAITING_APPROVAL' && (
        <Button
          variant="outlined"
          disabled={!!pending}
          onClick={() => act('cancel', () => props.onCancelRun(holder))}
        >
          Cancel run
        </Button>
      )}
      {permissions.plan && awaiting && (
        <Button
          variant="outlined"
          disabled={!!pending}
          onClick={() => act('cancel', () => props.onCancelRun(awaiting))}
        >
          Reject
        </Button>
      )}
      {permissions.destroy && (
        <Button
          variant="outlined"
          color="secondary"
          disabled={!!pending || builtIn || !!holder}
          aria-describedby={builtIn ? 'videogen-builtin-note' : undefined}
          onClick={() => setDestroyOpen(true)}
        >
          Destroy
        </Button>
      )}
      {permissions.destroy && builtIn && (
        <Typography
          id="videogen-builtin-note"
          variant="caption"
          color="textSecondary"
        >
          {environment.name} is built in (declared in the backend's config), so
          it cannot be destroyed.
        </Typography>
      )}
    </Box>
  );

  return (
    <StatusCard
      title="Terraform"
      updatedAt={updatedAt}
      loading={loading}
      error={error}
      denied={denied}
      hasData={!!environment && !!runs}
    >
      {environment && (
        <>
          <Box display="flex" alignItems="center" mb={1} style={{ gap: 16 }}>
            <StatusLabel kind={lifecycleKind(environment.status)}>
              {environment.name}: {humanize(environment.status)}
            </StatusLabel>
            <Typography variant="body2" color="textSecondary">
              {environment.target}
              {environment.region !== environment.target
                ? ` · ${environment.region}`
                : ''}
              {environment.requireApproval ? ' · applies need approval' : ''}
            </Typography>
          </Box>
          {actions}
          {actionError && (
            <Box mt={1}>
              <Alert severity="error" role="alert">
                {actionError}
              </Alert>
            </Box>
          )}
          <Box mt={2}>
            <LockHolder
              runs={list}
              now={now}
              unlockAction={
                permissions.forceUnlock && props.onForceUnlock
                  ? lockId => (
                      <Button
                        color="inherit"
                        size="small"
                        disabled={!!pending}
                        onClick={() => setUnlockLockId(lockId)}
                      >
                        Force unlock
                      </Button>
                    )
                  : undefined
              }
            />
          </Box>
          <Box mt={1}>
            <Drift environment={environment} now={now} />
          </Box>
          <Box mt={2}>
            {list.length === 0 ? (
              <Typography variant="body2">No Terraform runs yet.</Typography>
            ) : (
              <Table<Run>
                title="Runs"
                options={{
                  draggable: false,
                  paging: false,
                  search: false,
                  padding: 'dense',
                  toolbar: false,
                  sorting: false,
                }}
                columns={columns}
                data={list.slice(0, recentRuns).map(r => ({ ...r }))}
              />
            )}
          </Box>
          {selected && (
            <Box mt={2}>
              <Typography variant="subtitle2" component="h3">
                Log of {selected.operation} run {shortId(selected.id)} —{' '}
                {humanize(log?.status ?? selected.status)}
                {log && !log.complete ? ' (following)' : ''}
              </Typography>
              {log?.error && (
                <Alert severity="warning" role="alert">
                  Could not read the log: {describeError(log.error)}
                </Alert>
              )}
              <Box
                height={320}
                mt={1}
                data-testid="videogen-run-log"
                aria-label={`Log of run ${shortId(selected.id)}`}
                role="region"
              >
                <LogViewer
                  text={log?.text || (log?.loading ? 'Loading…' : '')}
                />
              </Box>
            </Box>
          )}
          <Box mt={2}>
            <Typography variant="subtitle2" component="h3">
              Outputs
            </Typography>
            {Object.keys(environment.outputs ?? {}).length === 0 ? (
              <Typography variant="body2">
                No outputs yet: they appear after a successful apply.
              </Typography>
            ) : (
              <StructuredMetadataTable
                dense
                metadata={environment.outputs as Record<string, any>}
              />
            )}
          </Box>
          <Dialog
            open={!!unlockLockId}
            onClose={() => setUnlockLockId(undefined)}
            aria-labelledby="videogen-unlock-title"
          >
            <DialogTitle id="videogen-unlock-title">
              Force-unlock the Terraform state of {environment.name}?
            </DialogTitle>
            <DialogContent>
              <DialogContentText>
                Only do this when no Terraform process holds lock{' '}
                <code>{unlockLockId}</code> any more: two runs writing the same
                state corrupt it.
              </DialogContentText>
            </DialogContent>
            <DialogActions>
              <Button onClick={() => setUnlockLockId(undefined)}>Cancel</Button>
              <Button
                color="secondary"
                variant="contained"
                onClick={() => {
                  const lockId = unlockLockId!;
                  setUnlockLockId(undefined);
                  act('unlock', () => props.onForceUnlock!(lockId));
                }}
              >
                Force unlock
              </Button>
            </DialogActions>
          </Dialog>
          <DestroyDialog
            open={destroyOpen}
            environment={environment.name}
            onCancel={() => setDestroyOpen(false)}
            onConfirm={options => {
              setDestroyOpen(false);
              act('destroy', () => props.onDestroy(options));
            }}
          />
        </>
      )}
    </StatusCard>
  );
};
