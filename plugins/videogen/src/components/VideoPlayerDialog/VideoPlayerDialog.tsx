import { Progress } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { Video } from '@videogen/plugin-videogen-common';
import { useEffect, useRef, useState } from 'react';
import { MediaAccess } from '../../api';
import { formatBytes, formatDuration, shortId } from '../shared/format';
import { jobStateKind, StatusLabel } from '../shared/StatusLabel';

export type VideoPlayerDialogProps = {
  /** The video to show; the dialog is open while it is set. */
  video?: Video;
  media?: MediaAccess;
  /** Why the media URLs are not available (the cookie request failed). */
  mediaError?: Error;
  onClose: () => void;
};

/**
 * Plays a generated video in place. The backend serves the MP4 with Range
 * support, so `preload="metadata"` fetches only the header and seeking asks
 * for the bytes it needs.
 */
export const VideoPlayerDialog = (props: VideoPlayerDialogProps) => {
  const { video, media, mediaError, onClose } = props;
  const [playbackError, setPlaybackError] = useState<string>();
  const videoRef = useRef<HTMLVideoElement>(null);
  const ready = video?.state === 'SUCCEEDED';
  const src = ready && media ? media.contentUrl(video.id) : undefined;

  useEffect(() => setPlaybackError(undefined), [video?.id]);

  return (
    <Dialog
      open={!!video}
      onClose={onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby="videogen-player-title"
      TransitionProps={{ onEntered: () => videoRef.current?.focus() }}
    >
      <DialogTitle id="videogen-player-title">
        {video ? `Video ${shortId(video.id)}` : 'Video'}
      </DialogTitle>
      <DialogContent>
        {video && !ready && (
          <Box mb={2}>
            <StatusLabel kind={jobStateKind(video.state)}>
              {video.state}
            </StatusLabel>
            <Typography variant="body2">
              {video.state === 'FAILED'
                ? video.failureReason ?? 'The job failed.'
                : 'The video is not ready yet. It plays here once its job has succeeded.'}
            </Typography>
          </Box>
        )}
        {ready && !src && !mediaError && <Progress />}
        {ready && mediaError && (
          <Alert severity="error" role="alert">
            The video cannot be loaded: {mediaError.message}
          </Alert>
        )}
        {src && (
          // Captions are not generated yet; the script is the video's text.
          // eslint-disable-next-line jsx-a11y/media-has-caption
          <video
            ref={videoRef}
            key={src}
            controls
            preload="metadata"
            src={src}
            poster={media?.posterUrl(video!.id)}
            aria-label={`Generated video ${shortId(video!.id)}`}
            data-testid="videogen-player"
            style={{ width: '100%', maxHeight: '70vh', background: '#000' }}
            onError={() =>
              setPlaybackError(
                'The browser could not load the video. Reload the page to renew your session and try again.',
              )
            }
          />
        )}
        {playbackError && (
          <Alert severity="error" role="alert">
            {playbackError}
          </Alert>
        )}
        {video && (
          <Typography variant="body2" color="textSecondary" component="p">
            Duration {formatDuration(video.durationSeconds)} · size{' '}
            {formatBytes(video.sizeBytes)} · created by{' '}
            {video.createdBy.replace(/^user:(default\/)?/, '')} ·{' '}
            {new Date(video.createdAt).toLocaleString()}
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
};
