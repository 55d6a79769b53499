import Grid from '@material-ui/core/Grid';
import { useCallback } from 'react';
import {
  useEnvironmentStatus,
  useEnvironmentVideos,
  useVideoReadPermission,
} from '../../hooks/useEnvironmentData';
import { useMediaAccess } from '../../hooks/useMediaAccess';
import { ClusterCard } from '../ClusterCard';
import { QueueCard } from '../QueueCard';
import { TerraformPanel } from '../TerraformCard';
import { LinkedVideoError } from '../shared/LinkedVideoError';
import { VideoPlayerDialog } from '../VideoPlayerDialog';
import { VideosCard } from '../VideosCard';
import { UploadColumn } from './UploadColumn';
import { usePlayer } from './usePlayer';

/**
 * One environment: the upload card on the left, its live status on the
 * right (cluster, queue, videos, Terraform), one player for both sides.
 * The cards follow pushed changes (see hooks/useVideogenSignals); the
 * user's own new video opens by itself when ready, and `?video=<id>` opens
 * that video (the link of the "video ready" notification).
 */
export const EnvironmentDashboard = (props: { environment: string }) => {
  const { environment } = props;
  const read = useVideoReadPermission();
  const status = useEnvironmentStatus(environment, read.allowed);
  const videos = useEnvironmentVideos(environment, read.allowed);
  const media = useMediaAccess(read.allowed);
  const player = usePlayer();

  const refreshStatus = status.refresh;
  const refreshVideos = videos.refresh;
  // After an upload and when its job finishes: without pushes the cards
  // beside the upload card then show it at once, not at their next poll.
  const refreshCards = useCallback(() => {
    refreshVideos();
    refreshStatus();
  }, [refreshVideos, refreshStatus]);

  const statusLoading = read.loading || status.loading;
  return (
    <>
      <LinkedVideoError error={player.linkError} onClose={player.dismissLink} />
      <Grid container spacing={3} alignItems="flex-start">
        <Grid item xs={12} md={5} lg={4}>
          <UploadColumn
            environment={environment}
            onOpenVideo={player.open}
            onChanged={refreshCards}
          />
        </Grid>
        <Grid item xs={12} md={7} lg={8}>
          <Grid container spacing={3}>
            <Grid item xs={12} lg={6}>
              <ClusterCard
                section={status.value?.cluster}
                loading={statusLoading}
                error={status.error}
                denied={read.denied}
              />
            </Grid>
            <Grid item xs={12} lg={6}>
              <QueueCard
                section={status.value?.queue}
                loading={statusLoading}
                error={status.error}
                denied={read.denied}
              />
            </Grid>
            <Grid item xs={12}>
              <VideosCard
                videos={videos.value}
                updatedAt={videos.updatedAt}
                loading={read.loading || videos.loading}
                error={videos.error}
                denied={read.denied}
                summary={status.value?.videos.data}
                media={media.access}
                onOpen={player.open}
              />
            </Grid>
            <Grid item xs={12}>
              <TerraformPanel environment={environment} />
            </Grid>
          </Grid>
        </Grid>
      </Grid>
      <VideoPlayerDialog
        video={player.playing}
        media={media.access}
        mediaError={media.error}
        onClose={player.close}
      />
    </>
  );
};
