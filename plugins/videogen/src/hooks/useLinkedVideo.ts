import { useApi } from '@backstage/core-plugin-api';
import { Video } from '@videogen/plugin-videogen-common';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { videogenApiRef } from '../api';

/** The query parameter that names a video to open, e.g. from a notification. */
export const VIDEO_PARAM = 'video';

/**
 * The video a link asks to open (`?video=<id>`, as in the "your video is
 * ready" notification), read through the API. `dismiss` removes the
 * parameter, so closing the player does not leave a link that reopens it
 * on reload; `error` says why the video could not be read.
 */
export function useLinkedVideo(): {
  video?: Video;
  error?: Error;
  dismiss: () => void;
} {
  const api = useApi(videogenApiRef);
  const [params, setParams] = useSearchParams();
  const videoId = params.get(VIDEO_PARAM) ?? undefined;
  const [state, setState] = useState<{
    id?: string;
    video?: Video;
    error?: Error;
  }>({});

  useEffect(() => {
    if (!videoId) {
      setState({});
      return undefined;
    }
    let current = true;
    api.getVideo(videoId).then(
      video => current && setState({ id: videoId, video }),
      error =>
        current &&
        setState({
          id: videoId,
          error: error instanceof Error ? error : new Error(String(error)),
        }),
    );
    return () => {
      current = false;
    };
  }, [api, videoId]);

  const dismiss = useCallback(() => {
    setParams(
      previous => {
        const next = new URLSearchParams(previous);
        next.delete(VIDEO_PARAM);
        return next;
      },
      { replace: true },
    );
  }, [setParams]);

  const fresh = state.id === videoId ? state : {};
  return { video: fresh.video, error: fresh.error, dismiss };
}
