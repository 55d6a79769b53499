import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import { describeError } from './errors';

/** Why the video a link named (`?video=<id>`) cannot be shown. */
export const LinkedVideoError = (props: {
  error?: Error;
  onClose: () => void;
}) =>
  props.error ? (
    <Box mb={2}>
      <Alert severity="warning" role="alert" onClose={props.onClose}>
        The linked video cannot be opened: {describeError(props.error)}
      </Alert>
    </Box>
  ) : null;
