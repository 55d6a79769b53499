import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { Video } from '@videogen/plugin-videogen-common';
import { formatBytes, formatDuration, shortId } from '../shared/format';
import { jobStateKind, StatusLabel } from '../shared/StatusLabel';
import type { UploadStatus } from './UploadCard';

/** The job an upload created (or found): its state, and Play when done. */
export const JobState = (props: {
  status: Extract<UploadStatus, { phase: 'submitted' }>;
  onOpenVideo: (video: Video) => void;
}) => {
  const { video, deduplicated, followError } = props.status;
  return (
    <Box
      mt={2}
      aria-live="polite"
      data-testid="videogen-job"
      data-video-id={video.id}
    >
      {deduplicated ? (
        <Alert severity="info">
          <strong>Already generated.</strong> This photo and script were
          submitted to this environment before, so no new job was queued: here
          is the existing video.
        </Alert>
      ) : (
        <Typography variant="body2">
          Job queued for video <code title={video.id}>{shortId(video.id)}</code>
          .
        </Typography>
      )}
      <Box display="flex" alignItems="center" mt={1} style={{ gap: 16 }}>
        <Typography variant="body2" component="span">
          Job state:
        </Typography>
        <StatusLabel kind={jobStateKind(video.state)}>
          <span data-testid="videogen-job-state">{video.state}</span>
        </StatusLabel>
        {video.state === 'SUCCEEDED' && (
          <Button
            variant="contained"
            color="primary"
            size="small"
            onClick={() => props.onOpenVideo(video)}
          >
            Play video
          </Button>
        )}
      </Box>
      {video.state === 'SUCCEEDED' && video.durationSeconds !== undefined && (
        <Typography variant="caption" color="textSecondary">
          {formatDuration(video.durationSeconds)} ·{' '}
          {formatBytes(video.sizeBytes)}
        </Typography>
      )}
      {video.state === 'FAILED' && (
        <Alert severity="error" role="alert">
          The job failed: {video.failureReason ?? 'no reason given.'}
        </Alert>
      )}
      {followError && (
        <Alert severity="warning" role="alert">
          Could not refresh the job's state: {followError}
        </Alert>
      )}
    </Box>
  );
};
