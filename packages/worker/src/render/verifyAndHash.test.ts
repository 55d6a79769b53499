import { checkedDuration } from './verifyAndHash';

describe('checkedDuration', () => {
  it('returns the duration to the millisecond when video and audio are there', () => {
    expect(
      checkedDuration({
        format: { duration: '12.345678' },
        streams: [
          { codec_type: 'video', codec_name: 'h264' },
          { codec_type: 'audio', codec_name: 'aac' },
        ],
      }),
    ).toBe(12.346);
  });

  it('names the streams found when one is missing', () => {
    expect(() =>
      checkedDuration({
        streams: [{ codec_type: 'video', codec_name: 'h264' }],
      }),
    ).toThrow('the assembled video is incomplete (streams: video:h264)');
    expect(() => checkedDuration({})).toThrow(
      'the assembled video is incomplete (streams: none)',
    );
  });
});
