import { videoMediaPaths, VIDEO_LIST_LIMITS } from './videos';

describe('videoMediaPaths', () => {
  it('builds the cookie-authenticated media paths of a video', () => {
    expect(videoMediaPaths.content('3f1c')).toBe('/videos/3f1c/content');
    expect(videoMediaPaths.poster('a/b')).toBe('/videos/a%2Fb/poster');
    expect(VIDEO_LIST_LIMITS).toEqual({ default: 50, max: 500 });
  });
});
