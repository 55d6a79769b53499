import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { UploadLimits } from '@videogen/plugin-videogen-common';
import { makeVideo } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { UploadCard, UploadCardProps } from './UploadCard';

const limits: UploadLimits = {
  maxPhotoBytes: 1024,
  maxPhotoPixels: 1_000_000,
  maxScriptCharacters: 40,
};

const jpeg = (size = 100, name = 'knight.jpg') =>
  new File([new Uint8Array(size)], name, { type: 'image/jpeg' });

function renderCard(overrides: Partial<UploadCardProps> = {}) {
  const props: UploadCardProps = {
    environment: 'local',
    limits,
    allowed: true,
    status: { phase: 'idle' },
    onSubmit: jest.fn(),
    onOpenVideo: jest.fn(),
    ...overrides,
  };
  renderWithApis(<UploadCard {...props} />);
  return props;
}

// The accept attribute would filter the file before the component sees it;
// the browser's picker does not stop a drop or "All files", so test without.
const user = () => userEvent.setup({ applyAccept: false, delay: null });

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

jest.setTimeout(30_000);

describe('UploadCard', () => {
  it('has labelled controls', async () => {
    renderCard();
    expect(await screen.findByLabelText('Photo file')).toHaveAttribute(
      'accept',
      'image/jpeg,image/png,image/webp',
    );
    expect(
      screen.getByRole('button', { name: 'Choose a photo, or drop one here' }),
    ).toHaveAttribute('tabindex', '0');
    expect(screen.getByRole('textbox', { name: 'Script' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Start' })).toBeDisabled();
  });

  it('counts the script live, as the server does', async () => {
    renderCard();
    const script = await screen.findByRole('textbox', { name: 'Script' });
    await user().type(script, '  Hello   ');
    // Surrounding whitespace is not part of the normalised script.
    expect(screen.getByText('5 / 40 characters')).toBeInTheDocument();
  });

  it('accepts a valid photo and script and submits them', async () => {
    const props = renderCard();
    const photo = jpeg();
    await user().upload(await screen.findByLabelText('Photo file'), photo);
    await user().type(screen.getByRole('textbox', { name: 'Script' }), 'Hail!');
    expect(screen.getByText(/knight\.jpg · 100 B/)).toBeInTheDocument();
    await user().click(screen.getByRole('button', { name: 'Start' }));
    expect(props.onSubmit).toHaveBeenCalledWith(photo, 'Hail!');
  });

  it('refuses a photo of the wrong type', async () => {
    renderCard();
    const svg = new File(['<svg/>'], 'drawing.svg', { type: 'image/svg+xml' });
    await user().upload(await screen.findByLabelText('Photo file'), svg);
    expect(
      screen.getByText(
        '"drawing.svg" is a image/svg+xml file. Choose a JPEG, PNG or WebP photo.',
      ),
    ).toBeInTheDocument();
    await user().type(screen.getByRole('textbox', { name: 'Script' }), 'Hi');
    expect(screen.getByRole('button', { name: 'Start' })).toBeDisabled();
  });

  it('refuses a photo over the size limit', async () => {
    renderCard();
    await user().upload(await screen.findByLabelText('Photo file'), jpeg(2048));
    expect(
      screen.getByText(/is 2 kB; the limit is 1 kB\. Choose a smaller photo\./),
    ).toBeInTheDocument();
  });

  it('refuses a script over the limit', async () => {
    renderCard();
    await user().upload(await screen.findByLabelText('Photo file'), jpeg());
    await user().type(
      screen.getByRole('textbox', { name: 'Script' }),
      'x'.repeat(41),
    );
    expect(
      screen.getByText(
        /41 \/ 40 characters — The script is 41 characters long; the limit is 40/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Start' })).toBeDisabled();
  });

  it('refuses control characters in the script', async () => {
    renderCard();
    await user().upload(await screen.findByLabelText('Photo file'), jpeg());
    fireEvent.change(screen.getByRole('textbox', { name: 'Script' }), {
      target: { value: 'Hello\u0007 world' },
    });
    expect(
      screen.getByText(/invisible control character \(U\+0007\)/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Start' })).toBeDisabled();
  });

  it('says an empty script is refused once the box was left', async () => {
    renderCard();
    const script = await screen.findByRole('textbox', { name: 'Script' });
    expect(screen.queryByText(/The script is empty/)).toBeNull();
    fireEvent.blur(script);
    expect(screen.getByText(/The script is empty/)).toBeInTheDocument();
  });

  it('takes a dropped photo, and opens the picker from the keyboard', async () => {
    renderCard();
    const zone = await screen.findByTestId('videogen-drop-zone');
    fireEvent.drop(zone, {
      dataTransfer: { files: [jpeg(10, 'dropped.jpg')] },
    });
    expect(screen.getByText(/dropped\.jpg · 10 B/)).toBeInTheDocument();

    const input = screen.getByLabelText('Photo file') as HTMLInputElement;
    const click = jest.spyOn(input, 'click');
    zone.focus();
    await user().keyboard('{Enter}');
    await user().keyboard(' ');
    expect(click).toHaveBeenCalledTimes(2);
  });

  it('shows the upload progress', async () => {
    renderCard({
      status: { phase: 'uploading', progress: { loaded: 45, total: 100 } },
    });
    expect(
      await screen.findByRole('progressbar', { name: 'Upload progress' }),
    ).toHaveAttribute('aria-valuenow', '45');
    expect(screen.getByText('Uploading 45%')).toBeInTheDocument();
  });

  it('shows the hashing progress first, and locks the form meanwhile', async () => {
    renderCard({
      status: {
        phase: 'hashing',
        progress: { phase: 'hashing', loaded: 1, total: 3 },
      },
    });
    expect(
      await screen.findByRole('progressbar', { name: 'Hashing progress' }),
    ).toHaveAttribute('aria-valuenow', '33');
    expect(screen.getByText('Hashing 33%')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Script' })).toBeDisabled();
    expect(screen.getByLabelText('Photo file')).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Start' })).toBeDisabled();
  });

  it("shows the new job's state and a play button once it succeeded", async () => {
    const onOpenVideo = jest.fn();
    const video = makeVideo();
    renderCard({
      status: { phase: 'submitted', video, deduplicated: false },
      onOpenVideo,
    });
    expect(await screen.findByTestId('videogen-job-state')).toHaveTextContent(
      'SUCCEEDED',
    );
    await user().click(screen.getByRole('button', { name: 'Play video' }));
    expect(onOpenVideo).toHaveBeenCalledWith(video);
  });

  it('says a duplicate was already generated', async () => {
    renderCard({
      status: { phase: 'submitted', video: makeVideo(), deduplicated: true },
    });
    expect(await screen.findByText('Already generated.')).toBeInTheDocument();
  });

  it("shows the server's refusal", async () => {
    renderCard({
      status: {
        phase: 'failed',
        message:
          'The server does not accept this type of photo. SVG is not a photo.',
      },
    });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'SVG is not a photo.',
    );
  });

  it('explains a missing permission and disables the form', async () => {
    renderCard({ allowed: false });
    expect(await screen.findByText('Permission required.')).toBeInTheDocument();
    expect(screen.getByLabelText('Photo file')).toBeDisabled();
    expect(screen.getByRole('textbox', { name: 'Script' })).toBeDisabled();
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Start' })).toBeDisabled(),
    );
  });
});
