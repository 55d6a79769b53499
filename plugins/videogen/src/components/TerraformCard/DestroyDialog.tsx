import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';
import { StartRunRequest } from '@videogen/plugin-videogen-common';
import { useEffect, useRef, useState } from 'react';

export type DestroyOptions = Pick<
  StartRunRequest,
  'drainTimeoutSeconds' | 'terminateRunningJobs'
>;

export type DestroyDialogProps = {
  open: boolean;
  environment: string;
  onCancel: () => void;
  onConfirm: (options: DestroyOptions) => void;
};

const DEFAULT_DRAIN_TIMEOUT_SECONDS = 300;

/** Destroying is irreversible: the user types the environment's name first. */
export const DestroyDialog = (props: DestroyDialogProps) => {
  const { open, environment, onCancel, onConfirm } = props;
  const [typed, setTyped] = useState('');
  const [drain, setDrain] = useState(String(DEFAULT_DRAIN_TIMEOUT_SECONDS));
  const [terminate, setTerminate] = useState(false);
  const confirmInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (open) {
      setTyped('');
      setDrain(String(DEFAULT_DRAIN_TIMEOUT_SECONDS));
      setTerminate(false);
    }
  }, [open]);

  const drainSeconds = Number(drain);
  const drainValid =
    drain.trim() !== '' && Number.isInteger(drainSeconds) && drainSeconds >= 0;
  const confirmed = typed === environment && drainValid;

  return (
    <Dialog
      open={open}
      onClose={onCancel}
      aria-labelledby="videogen-destroy-title"
      aria-describedby="videogen-destroy-description"
      // Start where the user has to type.
      TransitionProps={{ onEntered: () => confirmInput.current?.focus() }}
    >
      <form
        onSubmit={event => {
          event.preventDefault();
          if (confirmed) {
            onConfirm({
              drainTimeoutSeconds: drainSeconds,
              terminateRunningJobs: terminate,
            });
          }
        }}
      >
        <DialogTitle id="videogen-destroy-title">
          Destroy environment {environment}?
        </DialogTitle>
        <DialogContent>
          <DialogContentText id="videogen-destroy-description">
            Terraform destroys every resource of <strong>{environment}</strong>.
            The job queue is disabled first and running jobs get time to finish.
            This cannot be undone.
          </DialogContentText>
          <TextField
            inputRef={confirmInput}
            id="videogen-destroy-confirm"
            fullWidth
            margin="dense"
            variant="outlined"
            label={`Type ${environment} to confirm`}
            value={typed}
            onChange={e => setTyped(e.target.value)}
            inputProps={{ autoComplete: 'off', spellCheck: false }}
          />
          <TextField
            fullWidth
            margin="dense"
            variant="outlined"
            type="number"
            id="videogen-destroy-drain"
            label="Drain timeout (seconds)"
            value={drain}
            error={!drainValid}
            helperText={
              drainValid
                ? 'How long running jobs may take to finish before Terraform starts.'
                : 'A whole number of seconds, 0 or more.'
            }
            onChange={e => setDrain(e.target.value)}
            inputProps={{ min: 0, step: 1 }}
          />
          <FormControlLabel
            control={
              <Checkbox
                checked={terminate}
                onChange={e => setTerminate(e.target.checked)}
              />
            }
            label="Terminate jobs still running when the drain timeout expires"
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onCancel}>Cancel</Button>
          <Button
            type="submit"
            color="secondary"
            variant="contained"
            disabled={!confirmed}
          >
            Destroy
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
