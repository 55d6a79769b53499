import { screen, within } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import { renderWithApis } from '../../__testUtils__/render';
import { makeEksCluster, makeLocalCluster } from '../../__testUtils__/fixtures';
import { ClusterCard } from './ClusterCard';

const now = () => new Date().toISOString();

async function forbidden() {
  return ResponseError.fromResponse({
    headers: new Headers({ 'content-type': 'application/json' }),
    ok: false,
    redirected: false,
    status: 403,
    statusText: 'Forbidden',
    type: 'basic',
    url: '/status',
    text: async () =>
      JSON.stringify({
        error: { name: 'NotAllowedError', message: 'Not for you.' },
        response: { statusCode: 403 },
      }),
  });
}

describe('ClusterCard', () => {
  it('shows progress while loading', async () => {
    renderWithApis(<ClusterCard loading />);
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
    expect(screen.getByText('Cluster')).toBeInTheDocument();
  });

  it('shows the local worker pool: slots, busy and host', async () => {
    renderWithApis(
      <ClusterCard section={{ data: makeLocalCluster(), updatedAt: now() }} />,
    );
    expect(await screen.findByText('build-host-1')).toBeInTheDocument();
    expect(screen.getByText('1 of 2')).toBeInTheDocument();
    expect(screen.getByText('ACTIVE')).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', { name: '1 of 2 worker slots busy' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/updated (just now|\d+ s ago)/),
    ).toBeInTheDocument();
  });

  it('shows the EKS cluster with its node groups', async () => {
    renderWithApis(
      <ClusterCard section={{ data: makeEksCluster(), updatedAt: now() }} />,
    );
    expect(await screen.findByText('1.31')).toBeInTheDocument();
    expect(screen.getByText('private')).toBeInTheDocument();
    const row = screen.getByText('generators').closest('tr')!;
    expect(within(row).getByText('3 / 1 / 6')).toBeInTheDocument();
    expect(within(row).getByText('2 of 3')).toBeInTheDocument();
    expect(within(row).getByText('c6i.xlarge, c6a.xlarge')).toBeInTheDocument();
  });

  it('says when a cluster has no node groups', async () => {
    renderWithApis(
      <ClusterCard
        section={{ data: makeEksCluster({ nodeGroups: [] }), updatedAt: now() }}
      />,
    );
    expect(
      await screen.findByText('This cluster has no node groups.'),
    ).toBeInTheDocument();
  });

  it("shows the section's own error when its source failed", async () => {
    renderWithApis(
      <ClusterCard
        section={{
          error: 'EKS DescribeCluster: AccessDenied',
          updatedAt: now(),
        }}
      />,
    );
    expect(
      await screen.findByText('EKS DescribeCluster: AccessDenied'),
    ).toBeInTheDocument();
  });

  it('keeps stale data and says it could not refresh', async () => {
    renderWithApis(
      <ClusterCard
        section={{ data: makeLocalCluster(), updatedAt: now() }}
        error={new Error('socket hang up')}
      />,
    );
    expect(
      await screen.findByText(/Could not refresh: socket hang up/),
    ).toBeInTheDocument();
    expect(screen.getByText('build-host-1')).toBeInTheDocument();
  });

  it('shows an error panel when the status request failed', async () => {
    renderWithApis(<ClusterCard error={new Error('connect ECONNREFUSED')} />);
    expect(
      await screen.findByText(/Could not load Cluster/),
    ).toBeInTheDocument();
  });

  it('shows permission-denied instead of data', async () => {
    renderWithApis(
      <ClusterCard denied="You may not see this (videogen.video.read)." />,
    );
    expect(await screen.findByText('Permission required.')).toBeInTheDocument();
    expect(screen.getByText(/videogen\.video\.read/)).toBeInTheDocument();
  });

  it('treats a 403 from the server as permission-denied', async () => {
    renderWithApis(<ClusterCard error={await forbidden()} />);
    expect(await screen.findByText('Permission required.')).toBeInTheDocument();
    expect(screen.getByText(/Not for you\./)).toBeInTheDocument();
  });
});
