import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { Environment, Run } from '@videogen/plugin-videogen-common';
import { shortId } from '../shared/format';

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
 * The Plan / Approve / Cancel / Reject / Destroy buttons the user's
 * permissions allow, enabled when the runs make the action possible.
 */
export const TerraformActions = (props: TerraformActionsProps) => {
  const { environment, permissions, holder, awaiting, busy } = props;
  const builtIn = !!environment.builtIn;
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
          disabled={busy || !awaiting}
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
      {permissions.plan && holder && holder.status !== 'AWAITING_APPROVAL' && (
        <Button
          variant="outlined"
          disabled={busy}
          onClick={() => props.onCancelRun(holder)}
        >
          Cancel run
        </Button>
      )}
      {permissions.plan && awaiting && (
        <Button
          variant="outlined"
          disabled={busy}
          onClick={() => props.onCancelRun(awaiting)}
        >
          Reject
        </Button>
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
