import { LogViewer } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { Run } from '@videogen/plugin-videogen-common';
import { RunLogState } from '../../hooks/useRunLog';
import { describeError } from '../shared/errors';
import { shortId } from '../shared/format';
import { humanize } from '../shared/StatusLabel';

/** The log of one run, followed while the run goes on. */
export const RunLogView = (props: { run: Run; log?: RunLogState }) => {
  const { run, log } = props;
  return (
    <>
      <Typography variant="subtitle2" component="h3">
        Log of {run.operation} run {shortId(run.id)} —{' '}
        {humanize(log?.status ?? run.status)}
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
        aria-label={`Log of run ${shortId(run.id)}`}
        role="region"
      >
        <LogViewer text={log?.text || (log?.loading ? 'Loading…' : '')} />
      </Box>
    </>
  );
};
