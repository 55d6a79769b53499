import { StructuredMetadataTable } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { Environment, Run } from '@videogen/plugin-videogen-common';
import { useState } from 'react';
import { RunLogState } from '../../hooks/useRunLog';
import { useNow } from '../../hooks/useNow';
import { StatusCard } from '../shared/StatusCard';
import { humanize, lifecycleKind, StatusLabel } from '../shared/StatusLabel';
import { DestroyDialog, DestroyOptions } from './DestroyDialog';
import { DriftStatus } from './DriftStatus';
import { ForceUnlockDialog } from './ForceUnlockDialog';
import { LockHolder } from './LockHolder';
import { RunList } from './RunList';
import { RunLogView } from './RunLogView';
import { runRoles } from './runStatus';
import { TerraformActions, TerraformPermissions } from './TerraformActions';
import { useRunActions } from './useRunActions';

export { isActiveRun, planSummaryText } from './runStatus';
export type { TerraformPermissions } from './TerraformActions';

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
  /**
   * From the permission framework. The actions also compare each run's
   * `requestedBy` with the signed-in user (identityApi): nobody approves a
   * run they started (four eyes), and only its starter or an approver
   * cancels it.
   */
  permissions: TerraformPermissions;
  onPlan: () => Promise<unknown>;
  onApprove: (run: Run) => Promise<unknown>;
  onCancelRun: (run: Run) => Promise<unknown>;
  onDestroy: (options: DestroyOptions) => Promise<unknown>;
  onForceUnlock?: (lockId: string) => Promise<unknown>;
  /** How many runs to list. */
  recentRuns?: number;
};

/** The environment's name, status, target and region, on one line. */
const EnvironmentHeading = (props: { environment: Environment }) => {
  const { environment } = props;
  return (
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
  );
};

/** The Terraform outputs of the last successful apply. */
const EnvironmentOutputs = (props: { environment: Environment }) => {
  const { outputs } = props.environment;
  return (
    <>
      <Typography variant="subtitle2" component="h3">
        Outputs
      </Typography>
      {Object.keys(outputs ?? {}).length === 0 ? (
        <Typography variant="body2">
          No outputs yet: they appear after a successful apply.
        </Typography>
      ) : (
        <StructuredMetadataTable
          dense
          metadata={outputs as Record<string, any>}
        />
      )}
    </>
  );
};

/**
 * The environment's Terraform side: runs, the run log, the lock holder,
 * drift, outputs, and the Plan / Approve / Cancel / Destroy actions the user
 * may take (Approve never on the user's own run, unless
 * `videogen.approval.allowSelfApproval` allows it in local mode).
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
  const { pending, actionError, act } = useRunActions();
  const [destroyOpen, setDestroyOpen] = useState(false);
  const [unlockLockId, setUnlockLockId] = useState<string>();

  const list = runs ?? [];
  const { holder, awaiting, selected } = runRoles(list, selectedRunId);

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
          <EnvironmentHeading environment={environment} />
          <TerraformActions
            environment={environment}
            permissions={permissions}
            holder={holder}
            awaiting={awaiting}
            busy={!!pending}
            onPlan={() => act('plan', () => props.onPlan())}
            onApprove={run => act('approve', () => props.onApprove(run))}
            onCancelRun={run => act('cancel', () => props.onCancelRun(run))}
            onDestroy={() => setDestroyOpen(true)}
          />
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
            <DriftStatus environment={environment} now={now} />
          </Box>
          <Box mt={2}>
            <RunList
              runs={list}
              now={now}
              selectedRunId={selectedRunId}
              onSelectRun={onSelectRun}
              recentRuns={recentRuns}
            />
          </Box>
          {selected && (
            <Box mt={2}>
              <RunLogView run={selected} log={log} />
            </Box>
          )}
          <Box mt={2}>
            <EnvironmentOutputs environment={environment} />
          </Box>
          <ForceUnlockDialog
            environment={environment.name}
            lockId={unlockLockId}
            onCancel={() => setUnlockLockId(undefined)}
            onConfirm={lockId => {
              setUnlockLockId(undefined);
              act('unlock', () => props.onForceUnlock!(lockId));
            }}
          />
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
