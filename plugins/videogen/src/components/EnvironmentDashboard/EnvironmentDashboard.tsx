import Grid from '@material-ui/core/Grid';
import { Video } from '@videogen/plugin-videogen-common';
import { useCallback, useState } from 'react';
import {
  useEnvironmentStatus,
  useEnvironmentVideos,
  useVideoReadPermission,
} from '../../hooks/useEnvironmentData';
import { useMediaAccess } from '../../hooks/useMediaAccess';
import { ClusterCard } from '../ClusterCard';
import { QueueCard } from '../QueueCard';
import { TerraformPanel } from '../TerraformCard';
import { UploadPanel } from '../UploadCard';
import { VideoPlayerDialog } from '../VideoPlayerDialog';
import { VideosCard } from '../VideosCard';

/**
 * One environment: the upload card on the left, its live status on the
 * right (cluster, queue, videos, Terraform), one player for both sides.
 */
export const EnvironmentDashboard = (props: { environment: string }) => {
  const { environment } = props;
  const read = useVideoReadPermission();
  const status = useEnvironmentStatus(environment, read.allowed);
  const videos = useEnvironmentVideos(environment, read.allowed);
  const media = useMediaAccess(read.allowed);
  const [playing, setPlaying] = useState<Video>();

  const refreshStatus = status.refresh;
  const refreshVideos = videos.refresh;
  // After an upload and when its job finishes: the cards beside the upload
  // card then show it at once instead of at their next poll.
  const refreshCards = useCallback(() => {
    refreshVideos();
    refreshStatus();
  }, [refreshVideos, refreshStatus]);

  const statusLoading = read.loading || status.loading;
  return (
    <>
      <Grid container spacing={3} alignItems="flex-start">
        <Grid item xs={12} md={5} lg={4}>
          <UploadPanel
            environment={environment}
            onOpenVideo={setPlaying}
            onUploaded={refreshCards}
            onJobFinished={refreshCards}
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
                onOpen={setPlaying}
              />
            </Grid>
            <Grid item xs={12}>
              <TerraformPanel environment={environment} />
            </Grid>
          </Grid>
        </Grid>
      </Grid>
      <VideoPlayerDialog
        video={playing}
        media={media.access}
        mediaError={media.error}
        onClose={() => setPlaying(undefined)}
      />
    </>
  );
};
