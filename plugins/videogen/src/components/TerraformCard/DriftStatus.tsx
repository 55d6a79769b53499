import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { Environment } from '@videogen/plugin-videogen-common';
import { formatAge } from '../shared/format';
import { StatusLabel } from '../shared/StatusLabel';

/** Whether the environment's infrastructure drifted from its Terraform. */
export const DriftStatus = (props: {
  environment: Environment;
  now: number;
}) => {
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
