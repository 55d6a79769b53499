import { storageApiRef, useApi } from '@backstage/core-plugin-api';
import { useCallback, useEffect, useMemo, useState } from 'react';

/** The plugin's bucket in the user's Backstage storage. */
export const STORAGE_BUCKET = 'videogen';
/** Whether the user's own finished videos open in the player by themselves. */
export const AUTO_OPEN_KEY = 'openMyVideosWhenReady';

/**
 * The user's "open my videos when they are ready" setting, on by default,
 * kept in Backstage's storage API (per user where the app stores settings
 * in the backend, else in the browser) and followed live, so a change in
 * another tab or card applies here too.
 */
export function useAutoOpenSetting(): {
  enabled: boolean;
  setEnabled: (enabled: boolean) => void;
} {
  const storage = useApi(storageApiRef);
  const bucket = useMemo(() => storage.forBucket(STORAGE_BUCKET), [storage]);
  const read = useCallback(() => {
    const snapshot = bucket.snapshot<boolean>(AUTO_OPEN_KEY);
    return snapshot.presence === 'present' ? snapshot.value !== false : true;
  }, [bucket]);
  const [enabled, setState] = useState(read);

  useEffect(() => {
    setState(read());
    const subscription = bucket
      .observe$<boolean>(AUTO_OPEN_KEY)
      .subscribe(snapshot =>
        setState(
          snapshot.presence === 'present' ? snapshot.value !== false : true,
        ),
      );
    return () => subscription.unsubscribe();
  }, [bucket, read]);

  const setEnabled = useCallback(
    (next: boolean) => {
      setState(next);
      bucket.set(AUTO_OPEN_KEY, next).catch(() => {
        // Not saved: the choice still holds on this page; show what is stored.
        setState(read());
      });
    },
    [bucket, read],
  );
  return { enabled, setEnabled };
}
