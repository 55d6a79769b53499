import { useApi } from '@backstage/core-plugin-api';
import { useEffect, useState } from 'react';
import { MediaAccess, videogenApiRef } from '../api';
import { MIN_POLL_INTERVAL_MS } from './usePolling';

/** Renew this long before the cookie expires (the client renews within 60 s). */
const RENEW_BEFORE_EXPIRY_MS = 55_000;
const RETRY_AFTER_ERROR_MS = 30_000;

/**
 * Keeps the media cookie that `<video>` and `<img>` elements need valid
 * while the calling component is mounted, and returns the media URLs once it
 * is set.
 */
export function useMediaAccess(enabled: boolean = true): {
  access?: MediaAccess;
  error?: Error;
} {
  const api = useApi(videogenApiRef);
  const [state, setState] = useState<{ access?: MediaAccess; error?: Error }>(
    {},
  );

  useEffect(() => {
    if (!enabled) return undefined;
    let active = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const renew = async () => {
      let delay = RETRY_AFTER_ERROR_MS;
      try {
        const access = await api.ensureMediaAccess();
        if (!active) return;
        setState({ access });
        delay =
          Date.parse(access.expiresAt) - Date.now() - RENEW_BEFORE_EXPIRY_MS;
      } catch (e) {
        if (!active) return;
        setState(s => ({
          ...s,
          error: e instanceof Error ? e : new Error(String(e)),
        }));
      }
      timer = setTimeout(
        renew,
        Math.max(
          Number.isFinite(delay) ? delay : RETRY_AFTER_ERROR_MS,
          MIN_POLL_INTERVAL_MS,
        ),
      );
    };
    renew();
    return () => {
      active = false;
      if (timer) clearTimeout(timer);
    };
  }, [api, enabled]);

  return state;
}
