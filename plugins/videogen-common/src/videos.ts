/**
 * Paging of `GET /videos`: the default and the largest `limit`.
 * @public
 */
export const VIDEO_LIST_LIMITS = { default: 50, max: 500 } as const;

/**
 * Answer to `GET /cookie`: the Backstage user cookie that `<video>` and
 * `<img>` elements send to `/videos/:id/content` and `/videos/:id/poster`
 * is set; renew it before `expiresAt`.
 * @public
 */
export type UserCookieResponse = { expiresAt: string };

/**
 * Paths (below the plugin's base URL, e.g. from
 * `discoveryApi.getBaseUrl('videogen')`) of a video's media; they accept the
 * user cookie, so they can be used as `src` of `<video>` and `<img>`.
 * @public
 */
export const videoMediaPaths = {
  content: (videoId: string) =>
    `/videos/${encodeURIComponent(videoId)}/content`,
  poster: (videoId: string) => `/videos/${encodeURIComponent(videoId)}/poster`,
};
