import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  DEFAULT_UPLOAD_LIMITS,
  isTerminalJobState,
  UploadVideoResponse,
  Video,
  videogenVideoCreatePermission,
} from '@videogen/plugin-videogen-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { videogenApiRef } from '../../api';
import { usePolling } from '../../hooks/usePolling';
import {
  usePushAwareInterval,
  useVideogenSignals,
} from '../../hooks/useVideogenSignals';
import { describeError, statusOf } from '../shared/errors';
import { UploadCard, UploadStatus } from './UploadCard';

export type UploadPanelProps = {
  environment: string;
  onOpenVideo: (video: Video) => void;
  /** Called after the server accepted an upload (to refresh lists). */
  onUploaded?: (response: UploadVideoResponse) => void;
  /**
   * Called once when the job this card follows finishes (so the status
   * cards beside it show the outcome now, not at their next poll).
   */
  onJobFinished?: (video: Video) => void;
};

/** How often the card re-reads the job it follows without pushes. */
const FOLLOW_INTERVAL_MS = 5_000;

function uploadErrorMessage(error: unknown): string {
  const message = describeError(error);
  switch (statusOf(error)) {
    case 413:
      return `The photo is too large for the server. ${message}`;
    case 415:
      return `The server does not accept this type of photo. ${message}`;
    default:
      return message;
  }
}

/** The upload card wired to the API: limits, permission, upload and job. */
export const UploadPanel = (props: UploadPanelProps) => {
  const { environment, onOpenVideo, onUploaded, onJobFinished } = props;
  const api = useApi(videogenApiRef);
  const permission = usePermission({
    permission: videogenVideoCreatePermission,
  });
  const limits = useAsync(() => api.getLimits(), [api]);
  const [status, setStatus] = useState<UploadStatus>({ phase: 'idle' });
  const controller = useRef<AbortController>();
  // Each upload's number, and the last one whose duplicate was opened.
  const uploads = useRef(0);
  const openedDuplicate = useRef(0);

  useEffect(() => {
    setStatus({ phase: 'idle' });
    return () => controller.current?.abort();
  }, [environment]);

  const submit = useCallback(
    async (photo: File, script: string) => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      uploads.current += 1;
      setStatus({ phase: 'hashing' });
      try {
        // Straight to object storage, after the browser hashed both: a pair
        // the environment already has costs no upload at all.
        const response = await api.uploadDirect({
          environment,
          script,
          photo,
          photoName: photo.name,
          signal: abort.signal,
          onProgress: progress => {
            if (!abort.signal.aborted) {
              setStatus({ phase: progress.phase ?? 'uploading', progress });
            }
          },
        });
        if (abort.signal.aborted) return;
        setStatus({
          phase: 'submitted',
          video: response.video,
          deduplicated: response.deduplicated,
        });
        onUploaded?.(response);
      } catch (error) {
        if (abort.signal.aborted) return;
        setStatus({ phase: 'failed', message: uploadErrorMessage(error) });
      }
    },
    [api, environment, onUploaded],
  );

  // Follow the job until it finishes: re-read the video when its change is
  // pushed; poll every 5 s only when the app has no signals plugin (once a
  // minute as a safety net when it has).
  const submitted = status.phase === 'submitted' ? status : undefined;
  const videoId = submitted?.video.id;
  const following = !!videoId && !isTerminalJobState(submitted!.video.state);
  const intervalMs = usePushAwareInterval(FOLLOW_INTERVAL_MS);
  const followed = usePolling(() => api.getVideo(videoId!), [api, videoId], {
    intervalMs,
    enabled: following,
  });
  const refreshFollowed = followed.refresh;
  useVideogenSignals(
    environment,
    signal => {
      if (signal.kind === 'video' && signal.videoId === videoId) {
        refreshFollowed();
      }
    },
    following,
  );

  useEffect(() => {
    const latest = followed.value;
    setStatus(current =>
      current.phase === 'submitted' &&
      latest &&
      latest.id === current.video.id &&
      latest.updatedAt >= current.video.updatedAt
        ? { ...current, video: latest, followError: undefined }
        : current,
    );
  }, [followed.value]);

  useEffect(() => {
    const error = followed.error;
    setStatus(current =>
      current.phase === 'submitted' && error
        ? { ...current, followError: describeError(error) }
        : current,
    );
  }, [followed.error]);

  // Report the end of a job this card watched finish (not a duplicate that
  // was already finished when it was uploaded).
  const reportedFinish = useRef(0);
  const watchedRunning = useRef(0);
  useEffect(() => {
    if (!submitted) return;
    if (!isTerminalJobState(submitted.video.state)) {
      watchedRunning.current = uploads.current;
    } else if (
      watchedRunning.current === uploads.current &&
      reportedFinish.current !== uploads.current
    ) {
      reportedFinish.current = uploads.current;
      onJobFinished?.(submitted.video);
    }
  }, [submitted, onJobFinished]);

  // A duplicate opens the existing video as soon as it can be played.
  useEffect(() => {
    if (
      submitted?.deduplicated &&
      submitted.video.state === 'SUCCEEDED' &&
      openedDuplicate.current !== uploads.current
    ) {
      openedDuplicate.current = uploads.current;
      onOpenVideo(submitted.video);
    }
  }, [submitted, onOpenVideo]);

  return (
    <UploadCard
      environment={environment}
      limits={limits.value ?? DEFAULT_UPLOAD_LIMITS}
      allowed={permission.loading ? undefined : permission.allowed}
      status={status}
      onSubmit={submit}
      onOpenVideo={onOpenVideo}
    />
  );
};
