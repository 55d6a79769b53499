import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { Environment, Run } from '@videogen/plugin-videogen-common';
import { shortId } from '../shared/format';
import { useFourEyes } from './useFourEyes';

/** What the signed-in user may do, from the permission framework. */
export type TerraformPermissions = {
  /** videogen.environment.create: plan and apply; cancel one's own such runs. */
  plan: boolean;
  /**
   * videogen.run.approve: approve a run someone else started (four eyes;
   * one's own only where `videogen.approval.allowSelfApproval` allows it).
   */
  approve: boolean;
  /** videogen.run.approve too: cancel or reject anyone's run. */
  cancelAny?: boolean;
  /** videogen.environment.delete: destroy; cancel one's own destroy runs. */
  destroy: boolean;
  /** videogen.environment.admin: release a held state lock. */
  forceUnlock?: boolean;
};

export type TerraformActionsProps = {
  environment: Environment;
  permissions: TerraformPermissions;
  /** The run holding the environment, if any. */
  holder?: Run;
  /** The run waiting for approval, if any. */
  awaiting?: Run;
  /** An action is under way: every button waits for it. */
  busy: boolean;
  onPlan: () => void;
  onApprove: (run: Run) => void;
  onCancelRun: (run: Run) => void;
  /** Opens the destroy confirmation. */
  onDestroy: () => void;
};

/**
 * The API's cancel rule: whoever started the run (if they may still run its
 * operation), or an approver.
 */
function mayCancel(
  run: Run,
  permissions: TerraformPermissions,
  me: string | undefined,
): boolean {
  if (permissions.cancelAny) return true;
  const mayRunOperation =
    run.operation === 'destroy' ? permissions.destroy : permissions.plan;
  return mayRunOperation && !!me && run.requestedBy === me;
}

/**
 * The Plan / Approve / Cancel / Reject / Destroy buttons the user's
 * permissions allow, enabled when the runs make the action possible. Approve
 * stays disabled on a run the signed-in user started (four eyes), and
 * Cancel / Reject appear only for its starter or an approver.
 */
export const TerraformActions = (props: TerraformActionsProps) => {
  const { environment, permissions, holder, awaiting, busy } = props;
  const { me, selfApprovalAllowed } = useFourEyes();
  const builtIn = !!environment.builtIn;
  const ownAwaitingRun =
    !!awaiting && !!me && awaiting.requestedBy === me && !selfApprovalAllowed;
  const cancellable = awaiting ?? holder;
  const canCancel = !!cancellable && mayCancel(cancellable, permissions, me);
  return (
    <Box display="flex" flexWrap="wrap" alignItems="center" style={{ gap: 8 }}>
      {permissions.plan && (
        <Button
          variant="outlined"
          color="primary"
          disabled={busy || !!holder}
          title={holder ? 'A run is active; wait for it to finish.' : undefined}
          onClick={() => props.onPlan()}
        >
          Plan
        </Button>
      )}
      {permissions.approve && (
        <Button
          variant="contained"
          color="primary"
          disabled={busy || !awaiting || ownAwaitingRun}
          aria-describedby={
            ownAwaitingRun ? 'videogen-four-eyes-note' : undefined
          }
          aria-label={
            awaiting
              ? `Approve ${awaiting.operation} run ${shortId(awaiting.id)}`
              : 'Approve (no run is waiting for approval)'
          }
          onClick={() => awaiting && props.onApprove(awaiting)}
        >
          Approve
        </Button>
      )}
      {permissions.approve && ownAwaitingRun && (
        <Typography
          id="videogen-four-eyes-note"
          variant="caption"
          color="textSecondary"
        >
          You started this run; someone else must approve it (four eyes).
        </Typography>
      )}
      {canCancel && holder && holder.status !== 'AWAITING_APPROVAL' && (
        <Button
          variant="outlined"
          disabled={busy}
          onClick={() => props.onCancelRun(holder)}
        >
          Cancel run
        </Button>
      )}
      {canCancel && awaiting && (
        <Button
          variant="outlined"
          disabled={busy}
          onClick={() => props.onCancelRun(awaiting)}
        >
          Reject
        </Button>
      )}
      {cancellable && me && !canCancel && (
        <Typography variant="caption" color="textSecondary">
          Only {cancellable.requestedBy} or an approver may cancel this run.
        </Typography>
      )}
      {permissions.destroy && (
        <Button
          variant="outlined"
          color="secondary"
          disabled={busy || builtIn || !!holder}
          aria-describedby={builtIn ? 'videogen-builtin-note' : undefined}
          onClick={() => props.onDestroy()}
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
};
