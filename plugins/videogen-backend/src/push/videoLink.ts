/**
 * Where a notification about a video sends the user: the standalone
 * "Video generator" page of the frontend plugin (`/videogen`), showing the
 * video's environment and opening the video in its player. The frontend
 * reads the same two query parameters (`environment`, `video`).
 */
export function videoPageLink(environment: string, videoId: string): string {
  const query = new URLSearchParams({ environment, video: videoId });
  return `/videogen?${query}`;
}
