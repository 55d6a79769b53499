import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MediaAccess } from '../../api';
import { makeVideo } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { VideoPlayerDialog } from '../VideoPlayerDialog';
import { VideosCard } from './VideosCard';

const media: MediaAccess = {
  expiresAt: new Date(Date.now() + 3600_000).toISOString(),
  contentUrl: id => `http://backend/api/videogen/videos/${id}/content`,
  posterUrl: id => `http://backend/api/videogen/videos/${id}/poster`,
};

const videos = [
  makeVideo({
    id: 'older-video-id-0001',
    createdAt: '2025-01-01T09:00:00.000Z',
    dedupeHits: 2,
  }),
  makeVideo({
    id: 'newer-video-id-0002',
    state: 'RUNNING',
    durationSeconds: undefined,
    createdAt: '2025-01-01T11:00:00.000Z',
  }),
];

describe('VideosCard', () => {
  it('shows progress while loading', async () => {
    renderWithApis(<VideosCard loading onOpen={jest.fn()} />);
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
  });

  it('lists videos newest first with poster, state, duration and dedupe hits', async () => {
    const onOpen = jest.fn();
    renderWithApis(
      <VideosCard
        videos={videos}
        media={media}
        updatedAt={new Date()}
        onOpen={onOpen}
      />,
    );
    const rows = (await screen.findAllByRole('row')).slice(1);
    expect(within(rows[0]).getByText('RUNNING')).toBeInTheDocument();
    expect(within(rows[1]).getByText('SUCCEEDED')).toBeInTheDocument();
    expect(within(rows[1]).getByText('8.2 s')).toBeInTheDocument();
    expect(within(rows[1]).getByText('2')).toBeInTheDocument();

    // Posters only for finished videos, from the cookie-authorized URL.
    const poster = rows[1].querySelector('img')!;
    expect(poster).toHaveAttribute(
      'src',
      'http://backend/api/videogen/videos/older-video-id-0001/poster',
    );
    expect(rows[0].querySelector('img')).toBeNull();

    await userEvent.click(
      within(rows[1]).getByRole('button', { name: 'Open video older-vi' }),
    );
    expect(onOpen).toHaveBeenCalledTimes(1);
    expect(onOpen.mock.calls[0][0].id).toBe('older-video-id-0001');
  });

  it('shows no posters until the media cookie is set', async () => {
    renderWithApis(<VideosCard videos={videos} onOpen={jest.fn()} />);
    await screen.findAllByRole('row');
    expect(document.querySelector('img[src*="poster"]')).toBeNull();
  });

  it('shows an empty state', async () => {
    renderWithApis(<VideosCard videos={[]} onOpen={jest.fn()} />);
    expect(await screen.findByText('No videos yet')).toBeInTheDocument();
  });

  it('shows an error', async () => {
    renderWithApis(<VideosCard error={new Error('boom')} onOpen={jest.fn()} />);
    expect(
      await screen.findByText(/Could not load Videos/),
    ).toBeInTheDocument();
  });

  it('shows permission-denied', async () => {
    renderWithApis(
      <VideosCard denied="No videos for you." onOpen={jest.fn()} />,
    );
    expect(await screen.findByText('Permission required.')).toBeInTheDocument();
  });
});

describe('VideoPlayerDialog', () => {
  it('plays the video with native, seekable controls', async () => {
    renderWithApis(
      <VideoPlayerDialog video={videos[0]} media={media} onClose={jest.fn()} />,
    );
    const player = await screen.findByTestId('videogen-player');
    expect(player.tagName).toBe('VIDEO');
    expect(player).toHaveAttribute('controls');
    expect(player).toHaveAttribute('preload', 'metadata');
    expect(player).toHaveAttribute(
      'src',
      'http://backend/api/videogen/videos/older-video-id-0001/content',
    );
    expect(player).toHaveAccessibleName('Generated video older-vi');
    expect(
      screen.getByRole('dialog', { name: 'Video older-vi' }),
    ).toBeInTheDocument();
  });

  it('explains a video that is not ready, and a failed one', async () => {
    const first = renderWithApis(
      <VideoPlayerDialog video={videos[1]} media={media} onClose={jest.fn()} />,
    );
    expect(await screen.findByText(/not ready yet/)).toBeInTheDocument();
    expect(screen.queryByTestId('videogen-player')).toBeNull();
    first.unmount();
    renderWithApis(
      <VideoPlayerDialog
        video={makeVideo({
          state: 'FAILED',
          failureReason: 'espeak-ng crashed',
        })}
        media={media}
        onClose={jest.fn()}
      />,
    );
    expect(await screen.findByText('espeak-ng crashed')).toBeInTheDocument();
  });

  it('says when the video cannot load', async () => {
    renderWithApis(
      <VideoPlayerDialog
        video={videos[0]}
        mediaError={new Error('cookie refused')}
        onClose={jest.fn()}
      />,
    );
    expect(await screen.findByText(/cookie refused/)).toBeInTheDocument();
  });

  it('reports a playback error and closes', async () => {
    const onClose = jest.fn();
    renderWithApis(
      <VideoPlayerDialog video={videos[0]} media={media} onClose={onClose} />,
    );
    fireEvent.error(await screen.findByTestId('videogen-player'));
    expect(
      await screen.findByText(/could not load the video/),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalled();
  });
});
