import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import type { UploadStatus } from './UploadCard';

const LABELS = {
  hashing: { text: 'Hashing', bar: 'Hashing progress' },
  uploading: { text: 'Uploading', bar: 'Upload progress' },
};

/**
 * The progress of the phase an upload is in: first the browser hashes the
 * photo and script (a known pair ends there), then it sends them.
 */
export const ProgressLine = (props: {
  status: Extract<UploadStatus, { phase: 'hashing' | 'uploading' }>;
}) => {
  const { phase, progress } = props.status;
  const percent =
    progress?.total && progress.total > 0
      ? Math.min(100, Math.round((progress.loaded / progress.total) * 100))
      : undefined;
  const label = LABELS[phase];
  return (
    <Box mt={1} data-testid="videogen-upload-progress" data-phase={phase}>
      <Typography variant="body2" aria-live="polite">
        {label.text}
        {percent !== undefined ? ` ${percent}%` : '…'}
      </Typography>
      <LinearProgress
        variant={percent !== undefined ? 'determinate' : 'indeterminate'}
        value={percent}
        aria-label={label.bar}
      />
    </Box>
  );
};
