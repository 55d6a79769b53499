import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import { StorageUploadError, UploadVideoRequest } from '../../api';
import { makeVideo, mockVideogenApi } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { InMemorySignalApi } from '../../hooks/__testUtils__/signals';
import { UploadPanel } from './UploadPanel';

const photo = new File([new Uint8Array(64)], 'knight.jpg', {
  type: 'image/jpeg',
});

async function fillAndStart() {
  const user = userEvent.setup({ delay: null });
  await user.upload(await screen.findByLabelText('Photo file'), photo);
  await user.type(
    screen.getByRole('textbox', { name: 'Script' }),
    'I am the knight.',
  );
  const start = screen.getByRole('button', { name: 'Start' });
  await waitFor(() => expect(start).toBeEnabled());
  await user.click(start);
}

// jsdom has no object URLs for its Files; the preview only needs a string.
const { createObjectURL, revokeObjectURL } = URL;
beforeEach(() => {
  URL.createObjectURL = jest.fn(() => 'blob:preview');
  URL.revokeObjectURL = jest.fn();
});
afterEach(() => {
  URL.createObjectURL = createObjectURL;
  URL.revokeObjectURL = revokeObjectURL;
});

// Rendering the MUI form in jsdom is slow on a busy machine.
jest.setTimeout(30_000);

describe('UploadPanel', () => {
  it('hashes, uploads with progress, then follows the job until it succeeds', async () => {
    let finish: (v: any) => void = () => {};
    let report: UploadVideoRequest['onProgress'];
    const queued = makeVideo({
      state: 'SUBMITTED',
      updatedAt: '2025-01-01T10:00:00.000Z',
    });
    const api = mockVideogenApi({
      uploadDirect: jest.fn(
        (request: UploadVideoRequest) =>
          new Promise(resolve => {
            report = request.onProgress;
            finish = resolve;
          }),
      ),
      getVideo: jest.fn(async () =>
        makeVideo({
          state: 'SUCCEEDED',
          updatedAt: '2025-01-01T10:00:09.000Z',
        }),
      ),
    });
    const onUploaded = jest.fn();
    const onJobFinished = jest.fn();
    renderWithApis(
      <UploadPanel
        environment="local"
        onOpenVideo={jest.fn()}
        onUploaded={onUploaded}
        onJobFinished={onJobFinished}
      />,
      { api },
    );
    await fillAndStart();
    expect(api.uploadDirect).toHaveBeenCalledWith(
      expect.objectContaining({
        environment: 'local',
        script: 'I am the knight.',
        photo,
        photoName: 'knight.jpg',
      }),
    );
    // The browser hashes first, then sends the bytes.
    expect(await screen.findByText('Hashing…')).toBeInTheDocument();
    act(() => report!({ phase: 'hashing', loaded: 16, total: 80 }));
    expect(await screen.findByText('Hashing 20%')).toBeInTheDocument();
    act(() => report!({ phase: 'uploading', loaded: 40, total: 80 }));
    expect(await screen.findByText('Uploading 50%')).toBeInTheDocument();

    finish({
      videoId: queued.id,
      jobId: queued.jobId,
      deduplicated: false,
      video: queued,
    });
    expect(await screen.findByText(/Job queued for video/)).toBeInTheDocument();
    expect(onUploaded).toHaveBeenCalled();
    await waitFor(() =>
      expect(screen.getByTestId('videogen-job-state')).toHaveTextContent(
        'SUCCEEDED',
      ),
    );
    expect(api.getVideo).toHaveBeenCalledWith(queued.id);
    // The dashboard refreshes its status cards once, when the job ends.
    await waitFor(() => expect(onJobFinished).toHaveBeenCalledTimes(1));
    expect(onJobFinished.mock.calls[0][0]).toMatchObject({
      state: 'SUCCEEDED',
    });
  });

  it('follows its job by push when the app has signals: re-read on the pushed change, no 5 s poll', async () => {
    jest.useFakeTimers({ advanceTimers: true });
    try {
      const queued = makeVideo({
        state: 'SUBMITTED',
        updatedAt: '2025-01-01T10:00:00.000Z',
      });
      const api = mockVideogenApi({
        uploadDirect: jest.fn(async () => ({
          videoId: queued.id,
          jobId: queued.jobId,
          deduplicated: false,
          video: queued,
        })),
        getVideo: jest.fn(async () =>
          makeVideo({
            state: 'SUCCEEDED',
            updatedAt: '2025-01-01T10:00:09.000Z',
          }),
        ),
      });
      const signals = new InMemorySignalApi();
      renderWithApis(
        <UploadPanel environment="local" onOpenVideo={jest.fn()} />,
        { api, signals },
      );
      await fillAndStart();
      expect(
        await screen.findByText(/Job queued for video/),
      ).toBeInTheDocument();
      const readsAfterUpload = (api.getVideo as jest.Mock).mock.calls.length;

      // Twice the fallback's fast interval: with pushes, no poll.
      await act(async () => {
        jest.advanceTimersByTime(10_000);
      });
      expect(api.getVideo).toHaveBeenCalledTimes(readsAfterUpload);

      // Another video's change is not this card's business.
      await signals.push({
        kind: 'video',
        environment: 'local',
        videoId: 'someone-elses',
        jobId: 'j-other',
        state: 'SUCCEEDED',
        createdBy: 'user:default/other',
      });
      expect(api.getVideo).toHaveBeenCalledTimes(readsAfterUpload);

      await signals.push({
        kind: 'video',
        environment: 'local',
        videoId: queued.id,
        jobId: queued.jobId,
        state: 'SUCCEEDED',
        createdBy: 'user:default/test',
      });
      await waitFor(() =>
        expect(screen.getByTestId('videogen-job-state')).toHaveTextContent(
          'SUCCEEDED',
        ),
      );
      expect(api.getVideo).toHaveBeenCalledWith(queued.id);
    } finally {
      jest.useRealTimers();
    }
  });

  it('opens the existing video for a duplicate', async () => {
    const existing = makeVideo({ dedupeHits: 1 });
    const api = mockVideogenApi({
      uploadDirect: jest.fn(async () => ({
        videoId: existing.id,
        jobId: existing.jobId,
        deduplicated: true,
        video: existing,
      })),
    });
    const onOpenVideo = jest.fn();
    const onJobFinished = jest.fn();
    renderWithApis(
      <UploadPanel
        environment="local"
        onOpenVideo={onOpenVideo}
        onJobFinished={onJobFinished}
      />,
      { api },
    );
    await fillAndStart();
    expect(await screen.findByText('Already generated.')).toBeInTheDocument();
    await waitFor(() => expect(onOpenVideo).toHaveBeenCalledWith(existing));
    expect(onOpenVideo).toHaveBeenCalledTimes(1);
    // It had finished long before: nothing new for the status cards.
    expect(onJobFinished).not.toHaveBeenCalled();
  });

  it("shows the server's message when it refuses the upload", async () => {
    const refusal = await ResponseError.fromResponse({
      headers: new Headers({ 'content-type': 'application/json' }),
      ok: false,
      redirected: false,
      status: 415,
      statusText: 'Unsupported Media Type',
      type: 'basic',
      url: '/videos',
      text: async () =>
        JSON.stringify({
          error: {
            name: 'UnsupportedMediaTypeError',
            message:
              'The file is a GIF image; only JPEG, PNG and WebP are accepted.',
          },
          response: { statusCode: 415 },
        }),
    });
    const api = mockVideogenApi({
      uploadDirect: jest.fn(async () => Promise.reject(refusal)),
    });
    renderWithApis(
      <UploadPanel environment="local" onOpenVideo={jest.fn()} />,
      { api },
    );
    await fillAndStart();
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The server does not accept this type of photo. The file is a GIF image; only JPEG, PNG and WebP are accepted.',
    );
  });

  it("shows object storage's refusal as the sentence the client made of it", async () => {
    const api = mockVideogenApi({
      uploadDirect: jest.fn(async () =>
        Promise.reject(
          new StorageUploadError(
            'The upload link for the photo expired before it was used. Press Start to get a new one.',
            403,
            'AccessDenied',
          ),
        ),
      ),
    });
    renderWithApis(
      <UploadPanel environment="local" onOpenVideo={jest.fn()} />,
      { api },
    );
    await fillAndStart();
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Upload failed. The upload link for the photo expired before it was used. Press Start to get a new one.',
    );
    // The form is usable again for the retry.
    expect(screen.getByRole('button', { name: 'Start' })).toBeEnabled();
  });

  it('uses the limits the server announces', async () => {
    const api = mockVideogenApi({
      getLimits: jest.fn(async () => ({
        maxPhotoBytes: 10,
        maxPhotoPixels: 100,
        maxScriptCharacters: 12,
      })),
    });
    renderWithApis(
      <UploadPanel environment="local" onOpenVideo={jest.fn()} />,
      { api },
    );
    expect(await screen.findByText('0 / 12 characters')).toBeInTheDocument();
  });
});
