import { useApi } from '@backstage/core-plugin-api';
import { UploadVideoResponse, Video } from '@videogen/plugin-videogen-common';
import { useCallback, useEffect, useRef } from 'react';
import { videogenApiRef } from '../api';
import { useVideogenSignals } from './useVideogenSignals';

export type OwnVideoAutoOpen = {
  /** Pass to the upload card's `onUploaded`. */
  onUploaded: (response: UploadVideoResponse) => void;
  /** Pass to the upload card's `onJobFinished`. */
  onJobFinished: (video: Video) => void;
};

/**
 * Opens the video of the user's own upload in the player when its job
 * succeeds, without a click. Only a new video counts: a duplicate's
 * existing video is opened by the upload card itself.
 *
 * Two paths lead here, whichever comes first: the pushed `video` change
 * (at once; the video is then re-read through the API, where permissions
 * apply) and the upload card's own follow of its job (`onJobFinished`,
 * which also works without the signals plugin). Each video opens once.
 */
export function useOwnVideoAutoOpen(options: {
  environment: string;
  /** The user's setting; when false nothing opens by itself. */
  enabled: boolean;
  open: (video: Video) => void;
}): OwnVideoAutoOpen {
  const { environment, enabled, open } = options;
  const api = useApi(videogenApiRef);
  // The upload this page started and is waiting for (one at a time, as the
  // upload card follows one job at a time).
  const awaited = useRef<string>();
  const settings = useRef({ enabled, open });
  settings.current = { enabled, open };
  // The upload card drops the job it followed when the environment changes.
  useEffect(() => {
    awaited.current = undefined;
  }, [environment]);

  const finish = useCallback((video: Video) => {
    if (awaited.current !== video.id) return;
    if (video.state !== 'SUCCEEDED' && video.state !== 'FAILED') return;
    awaited.current = undefined;
    // A failure is shown on the upload card; only a playable video opens.
    if (video.state === 'SUCCEEDED' && settings.current.enabled) {
      settings.current.open(video);
    }
  }, []);

  useVideogenSignals(environment, signal => {
    if (
      signal.kind === 'video' &&
      signal.videoId === awaited.current &&
      signal.state === 'SUCCEEDED'
    ) {
      const videoId = signal.videoId;
      api
        .getVideo(videoId)
        .then(finish)
        .catch(() => {
          // The upload card's follow of the job opens it instead.
        });
    }
  });

  const onUploaded = useCallback(
    (response: UploadVideoResponse) => {
      awaited.current = response.deduplicated ? undefined : response.video.id;
      // Finished already by the time the answer arrived (a fast job).
      finish(response.video);
    },
    [finish],
  );

  return { onUploaded, onJobFinished: finish };
}
