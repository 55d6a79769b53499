import { Video } from '@videogen/plugin-videogen-common';
import { useCallback, useState } from 'react';
import { useLinkedVideo } from '../../hooks/useLinkedVideo';

/**
 * The one player of a page: the video the user (or their finished upload)
 * opened, else the one the link names (`?video=<id>`). Closing it also
 * drops the link's parameter.
 */
export function usePlayer() {
  const linked = useLinkedVideo();
  const [chosen, setChosen] = useState<Video>();
  const { dismiss } = linked;
  const linkedOpen = !!linked.video || !!linked.error;
  const close = useCallback(() => {
    setChosen(undefined);
    if (linkedOpen) dismiss();
  }, [dismiss, linkedOpen]);
  return {
    playing: chosen ?? linked.video,
    open: setChosen,
    close,
    /** Why the linked video could not be read. */
    linkError: linked.error,
    dismissLink: dismiss,
  };
}
