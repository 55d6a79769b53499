import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';

/**
 * Asks an administrator to confirm releasing a held Terraform state lock;
 * open while `lockId` is set.
 */
export const ForceUnlockDialog = (props: {
  environment: string;
  lockId?: string;
  onCancel: () => void;
  onConfirm: (lockId: string) => void;
}) => {
  const { environment, lockId, onCancel, onConfirm } = props;
  return (
    <Dialog
      open={!!lockId}
      onClose={onCancel}
      aria-labelledby="videogen-unlock-title"
    >
      <DialogTitle id="videogen-unlock-title">
        Force-unlock the Terraform state of {environment}?
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          Only do this when no Terraform process holds lock{' '}
          <code>{lockId}</code> any more: two runs writing the same state
          corrupt it.
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button
          color="secondary"
          variant="contained"
          onClick={() => onConfirm(lockId!)}
        >
          Force unlock
        </Button>
      </DialogActions>
    </Dialog>
  );
};
