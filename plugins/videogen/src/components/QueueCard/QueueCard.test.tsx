import { screen, within } from '@testing-library/react';
import { renderWithApis } from '../../__testUtils__/render';
import { makeQueue } from '../../__testUtils__/fixtures';
import { QueueCard } from './QueueCard';

const now = () => new Date().toISOString();

describe('QueueCard', () => {
  it('shows progress while loading', async () => {
    renderWithApis(<QueueCard loading />);
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
  });

  it('shows queue and compute environment state, counts as bars, recent jobs', async () => {
    renderWithApis(
      <QueueCard section={{ data: makeQueue(), updatedAt: now() }} />,
    );
    expect(await screen.findByText('videogen-local')).toBeInTheDocument();
    expect(screen.getAllByText('ENABLED').length).toBeGreaterThanOrEqual(2);
    expect(
      screen.getByText('Compute environment local-pool'),
    ).toBeInTheDocument();

    const bars = screen.getByRole('list', { name: 'Jobs per state' });
    const succeeded = within(bars).getByText('SUCCEEDED').closest('li')!;
    expect(within(succeeded).getByText('7')).toBeInTheDocument();
    // The largest count fills the bar; the others are in proportion.
    expect(screen.getByTestId('bar-SUCCEEDED')).toHaveStyle({ width: '100%' });
    expect(screen.getByTestId('bar-RUNNABLE').style.width).toMatch(/^28\.57/);
    expect(screen.getByTestId('bar-PENDING')).toHaveStyle({ width: '0%' });

    const job = screen.getByText('ffmpeg exited with code 1').closest('li')!;
    expect(within(job).getByText('FAILED')).toBeInTheDocument();
    expect(within(job).getByText('12 s')).toBeInTheDocument();
  });

  it('says when there are no jobs yet', async () => {
    renderWithApis(
      <QueueCard
        section={{ data: makeQueue({ recentJobs: [] }), updatedAt: now() }}
      />,
    );
    expect(await screen.findByText('No jobs yet.')).toBeInTheDocument();
  });

  it("shows the section's error", async () => {
    renderWithApis(
      <QueueCard
        section={{
          error: 'Batch DescribeJobQueues timed out',
          updatedAt: now(),
        }}
      />,
    );
    expect(
      await screen.findByText('Batch DescribeJobQueues timed out'),
    ).toBeInTheDocument();
  });

  it('shows an error panel when the request failed', async () => {
    renderWithApis(<QueueCard error={new Error('boom')} />);
    expect(
      await screen.findByText(/Could not load Batch queue/),
    ).toBeInTheDocument();
  });

  it('shows permission-denied', async () => {
    renderWithApis(<QueueCard denied="You may not see this." />);
    expect(await screen.findByText('Permission required.')).toBeInTheDocument();
  });
});
