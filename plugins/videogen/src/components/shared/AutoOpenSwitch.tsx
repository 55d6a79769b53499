import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import { useAutoOpenSetting } from '../../hooks/useAutoOpenSetting';

/** The user's setting: open their own videos in the player once ready. */
export const AutoOpenSwitch = () => {
  const { enabled, setEnabled } = useAutoOpenSetting();
  return (
    <FormControlLabel
      control={
        <Switch
          color="primary"
          checked={enabled}
          onChange={event => setEnabled(event.target.checked)}
          inputProps={{ 'aria-describedby': 'videogen-auto-open-help' }}
        />
      }
      label="Open my videos when they are ready"
    />
  );
};
