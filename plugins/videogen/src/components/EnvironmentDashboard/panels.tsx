import { Video } from '@videogen/plugin-videogen-common';
import { useState } from 'react';
import {
  useEnvironmentStatus,
  useEnvironmentVideos,
  useVideoReadPermission,
} from '../../hooks/useEnvironmentData';
import { useMediaAccess } from '../../hooks/useMediaAccess';
import { ClusterCard } from '../ClusterCard';
import { QueueCard } from '../QueueCard';
import { VideoPlayerDialog } from '../VideoPlayerDialog';
import { VideosCard } from '../VideosCard';

/*
 * Each card on its own, fetching its own data: for entity overview cards and
 * the legacy component extensions. The dashboard shares one status request
 * between the cluster and queue cards instead.
 */

/** The cluster (or local worker pool) card of one environment. */
export const ClusterPanel = (props: { environment: string }) => {
  const read = useVideoReadPermission();
  const status = useEnvironmentStatus(props.environment, read.allowed);
  return (
    <ClusterCard
      section={status.value?.cluster}
      loading={read.loading || status.loading}
      error={status.error}
      denied={read.denied}
    />
  );
};

/** The job queue card of one environment. */
export const QueuePanel = (props: { environment: string }) => {
  const read = useVideoReadPermission();
  const status = useEnvironmentStatus(props.environment, read.allowed);
  return (
    <QueueCard
      section={status.value?.queue}
      loading={read.loading || status.loading}
      error={status.error}
      denied={read.denied}
    />
  );
};

/** The videos card of one environment, with its player. */
export const VideosPanel = (props: { environment: string }) => {
  const read = useVideoReadPermission();
  const videos = useEnvironmentVideos(props.environment, read.allowed);
  const status = useEnvironmentStatus(props.environment, read.allowed);
  const media = useMediaAccess(read.allowed);
  const [open, setOpen] = useState<Video>();
  return (
    <>
      <VideosCard
        videos={videos.value}
        updatedAt={videos.updatedAt}
        loading={read.loading || videos.loading}
        error={videos.error}
        denied={read.denied}
        summary={status.value?.videos.data}
        media={media.access}
        onOpen={setOpen}
      />
      <VideoPlayerDialog
        video={open}
        media={media.access}
        mediaError={media.error}
        onClose={() => setOpen(undefined)}
      />
    </>
  );
};
