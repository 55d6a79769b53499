import { finishedVideoNotification } from './VideoNotifier';

describe('finishedVideoNotification', () => {
  const job = {
    environment: 'dev',
    videoId: 'v1',
    failureReason: undefined as string | undefined,
  };

  it('tells the uploader a video is ready, with a link to it', () => {
    expect(
      finishedVideoNotification(
        { ...job, state: 'SUCCEEDED' },
        'user:default/ada',
      ),
    ).toEqual({
      title: 'Your video is ready',
      description: expect.stringContaining('dev'),
      link: '/videogen?environment=dev&video=v1',
      severity: 'normal',
      topic: 'videogen',
      scope: 'videogen:video:v1',
    });
  });

  it('tells the reason of a failure, and of a cancel by someone else', () => {
    expect(
      finishedVideoNotification(
        { ...job, state: 'FAILED', failureReason: 'The photo has no face.' },
        'user:default/ada',
      ),
    ).toMatchObject({
      title: 'Your video could not be generated',
      description: 'The photo has no face.',
      severity: 'high',
    });
    expect(
      finishedVideoNotification(
        {
          ...job,
          state: 'FAILED',
          failureReason: 'Cancelled by user:default/bob',
        },
        'user:default/ada',
      ),
    ).toMatchObject({ description: 'Cancelled by user:default/bob' });
  });

  it('stays quiet for an own cancel, an unfinished job and a non-user uploader', () => {
    expect(
      finishedVideoNotification(
        {
          ...job,
          state: 'FAILED',
          failureReason: 'Cancelled by user:default/ada',
        },
        'user:default/ada',
      ),
    ).toBeUndefined();
    expect(
      finishedVideoNotification(
        { ...job, state: 'RUNNING' },
        'user:default/ada',
      ),
    ).toBeUndefined();
    expect(
      finishedVideoNotification(
        { ...job, state: 'SUCCEEDED' },
        'plugin:scaffolder',
      ),
    ).toBeUndefined();
  });

  it('encodes the environment and video in the link', () => {
    expect(
      finishedVideoNotification(
        { ...job, environment: 'a b&c', state: 'SUCCEEDED' },
        'user:default/ada',
      )?.link,
    ).toBe('/videogen?environment=a+b%26c&video=v1');
  });
});
