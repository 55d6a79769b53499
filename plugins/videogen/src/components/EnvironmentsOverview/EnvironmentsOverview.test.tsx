import { screen, within } from '@testing-library/react';
import {
  makeEnvironment,
  makeRun,
  makeStatus,
  mockVideogenApi,
} from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { EnvironmentsOverview } from './EnvironmentsOverview';
import { EnvironmentsTable } from './EnvironmentsTable';

jest.setTimeout(30_000);

describe('EnvironmentsOverview', () => {
  it("lists every environment's health, linking to its entity tab", async () => {
    const api = mockVideogenApi({
      listEnvironments: jest.fn(async () => ({
        items: [
          makeEnvironment({ lastRunId: 'run-0001-cccc-dddd' }),
          makeEnvironment({
            name: 'aws-dev',
            target: 'aws',
            region: 'eu-west-1',
            builtIn: false,
            status: 'PROVISIONING',
          }),
        ],
      })),
      getEnvironmentStatus: jest.fn(async (name: string) => {
        if (name === 'aws-dev') throw new Error('EKS is unreachable');
        return makeStatus();
      }),
      getRun: jest.fn(async () => makeRun({ operation: 'apply' })),
    });
    renderWithApis(<EnvironmentsOverview />, { api });

    const local = (await screen.findByRole('link', { name: 'local' })).closest(
      'tr',
    )!;
    expect(screen.getByRole('link', { name: 'local' })).toHaveAttribute(
      'href',
      '/catalog/default/resource/local/video-generator',
    );
    expect(within(local).getByText('ready')).toBeInTheDocument();
    expect(within(local).getByText('ACTIVE')).toBeInTheDocument();
    expect(
      within(local).getByText('2 waiting · 1 running · 7 succeeded · 1 failed'),
    ).toBeInTheDocument();
    expect(within(local).getByText('8')).toBeInTheDocument();
    expect(within(local).getByText('apply succeeded')).toBeInTheDocument();

    const dev = screen.getByRole('link', { name: 'aws-dev' }).closest('tr')!;
    expect(within(dev).getByText('aws · eu-west-1')).toBeInTheDocument();
    expect(within(dev).getByText('provisioning')).toBeInTheDocument();
    expect(within(dev).getByTitle('EKS is unreachable')).toBeInTheDocument();
    expect(within(dev).getByText('none')).toBeInTheDocument();
  });

  it('shows an empty state, an error, loading and permission-denied', async () => {
    const empty = renderWithApis(
      <EnvironmentsTable rows={[]} linkTo={n => `/${n}`} />,
    );
    expect(await screen.findByText('No environments yet')).toBeInTheDocument();
    empty.unmount();

    const failed = renderWithApis(
      <EnvironmentsTable error={new Error('boom')} linkTo={n => `/${n}`} />,
    );
    expect(
      await screen.findByText(/Could not load Environments/),
    ).toBeInTheDocument();
    failed.unmount();

    const loading = renderWithApis(
      <EnvironmentsTable loading linkTo={n => `/${n}`} />,
    );
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
    loading.unmount();

    renderWithApis(<EnvironmentsTable denied="Nope." linkTo={n => `/${n}`} />);
    expect(await screen.findByText('Permission required.')).toBeInTheDocument();
  });
});
