import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import {
  makeEnvironment,
  makeRun,
  mockVideogenApi,
} from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { TerraformCard, TerraformCardProps } from './TerraformCard';
import { TerraformPanel } from './TerraformPanel';

const all = { plan: true, approve: true, destroy: true };

function props(
  overrides: Partial<TerraformCardProps> = {},
): TerraformCardProps {
  return {
    environment: makeEnvironment({ name: 'dev', builtIn: false }),
    runs: [makeRun()],
    updatedAt: new Date(),
    permissions: all,
    onSelectRun: jest.fn(),
    onPlan: jest.fn(async () => undefined),
    onApprove: jest.fn(async () => undefined),
    onCancelRun: jest.fn(async () => undefined),
    onDestroy: jest.fn(async () => undefined),
    ...overrides,
  };
}

async function conflict(message: string) {
  return ResponseError.fromResponse({
    headers: new Headers({ 'content-type': 'application/json' }),
    ok: false,
    redirected: false,
    status: 409,
    statusText: 'Conflict',
    type: 'basic',
    url: '/runs',
    text: async () =>
      JSON.stringify({
        error: { name: 'ConflictError', message },
        response: { statusCode: 409 },
      }),
  });
}

describe('TerraformCard', () => {
  it('shows progress while loading', async () => {
    renderWithApis(
      <TerraformCard
        {...props({ environment: undefined, runs: undefined, loading: true })}
      />,
    );
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
  });

  it('shows runs with plan summaries, drift, outputs and an unlocked state', async () => {
    renderWithApis(
      <TerraformCard
        {...props({
          environment: makeEnvironment({
            name: 'dev',
            builtIn: false,
            drift: { drifted: false, checkedAt: new Date().toISOString() },
            outputs: {
              queue_name: 'videogen-dev',
              bucket: 'videogen-dev-media',
            },
          }),
        })}
      />,
    );
    expect(await screen.findByText('+3 ~1 −0')).toBeInTheDocument();
    expect(
      screen.getByText('Not locked: no run is active.'),
    ).toBeInTheDocument();
    expect(screen.getByText('No drift')).toBeInTheDocument();
    expect(screen.getByText('videogen-dev-media')).toBeInTheDocument();
    expect(screen.getByText('dev: ready')).toBeInTheDocument();
  });

  it('names the lock holder: who and since when', async () => {
    renderWithApis(
      <TerraformCard
        {...props({
          runs: [
            makeRun({
              id: 'apply-run-123456789',
              operation: 'apply',
              status: 'AWAITING_APPROVAL',
              requestedBy: 'user:default/alice',
              startedAt: new Date(Date.now() - 120_000).toISOString(),
              finishedAt: undefined,
            }),
            makeRun(),
          ],
        })}
      />,
    );
    const lock = await screen.findByText(/Locked/);
    expect(lock.closest('div')).toHaveTextContent(
      /by apply run apply-ru \(awaiting approval\), requested by alice 2 min ago/,
    );
    // The active run holds the environment: no second plan, no destroy.
    expect(screen.getByRole('button', { name: 'Plan' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Destroy' })).toBeDisabled();
    expect(
      screen.getByRole('button', { name: 'Approve apply run apply-ru' }),
    ).toBeEnabled();
  });

  it("shows a failed run's state lock ID", async () => {
    renderWithApis(
      <TerraformCard
        {...props({
          runs: [makeRun({ status: 'FAILED', lockId: 'f00d-lock-id' })],
        })}
      />,
    );
    expect(await screen.findByText('f00d-lock-id')).toBeInTheDocument();
  });

  it('shows drift', async () => {
    renderWithApis(
      <TerraformCard
        {...props({
          environment: makeEnvironment({
            builtIn: false,
            drift: {
              drifted: true,
              checkedAt: new Date().toISOString(),
              message: 'aws_s3_bucket.media changed outside Terraform.',
            },
          }),
        })}
      />,
    );
    expect(await screen.findByText('Drift detected')).toBeInTheDocument();
    expect(
      screen.getByText(/aws_s3_bucket\.media changed/),
    ).toBeInTheDocument();
  });

  it('says when there are no runs and no outputs', async () => {
    renderWithApis(
      <TerraformCard
        {...props({ runs: [], environment: makeEnvironment({ outputs: {} }) })}
      />,
    );
    expect(
      await screen.findByText('No Terraform runs yet.'),
    ).toBeInTheDocument();
    expect(screen.getByText(/No outputs yet/)).toBeInTheDocument();
  });

  it('shows an error and permission-denied', async () => {
    const first = renderWithApis(
      <TerraformCard
        {...props({
          environment: undefined,
          runs: undefined,
          error: new Error('nope'),
        })}
      />,
    );
    expect(
      await screen.findByText(/Could not load Terraform/),
    ).toBeInTheDocument();
    first.unmount();
    renderWithApis(
      <TerraformCard
        {...props({
          environment: undefined,
          runs: undefined,
          denied: 'Not yours.',
        })}
      />,
    );
    expect(await screen.findByText('Permission required.')).toBeInTheDocument();
  });

  it('hides the actions the user may not take', async () => {
    renderWithApis(
      <TerraformCard
        {...props({
          permissions: { plan: false, approve: false, destroy: false },
        })}
      />,
    );
    await screen.findByText('+3 ~1 −0');
    expect(screen.queryByRole('button', { name: 'Plan' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Approve/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Destroy' })).toBeNull();
  });

  it('does not let a built-in environment be destroyed, and says why', async () => {
    renderWithApis(
      <TerraformCard
        {...props({ environment: makeEnvironment({ builtIn: true }) })}
      />,
    );
    const destroy = await screen.findByRole('button', { name: 'Destroy' });
    expect(destroy).toBeDisabled();
    expect(destroy).toHaveAccessibleDescription(
      /built in .* cannot be destroyed/,
    );
  });

  it('destroys only after the name is typed', async () => {
    const p = props();
    renderWithApis(<TerraformCard {...p} />);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Destroy' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Destroy environment dev?',
    });
    const confirm = within(dialog).getByRole('button', { name: 'Destroy' });
    expect(confirm).toBeDisabled();
    await userEvent.type(
      within(dialog).getByLabelText('Type dev to confirm'),
      'de',
    );
    expect(confirm).toBeDisabled();
    await userEvent.type(
      within(dialog).getByLabelText('Type dev to confirm'),
      'v',
    );
    await userEvent.click(
      within(dialog).getByLabelText(/Terminate jobs still running/),
    );
    expect(confirm).toBeEnabled();
    await userEvent.click(confirm);
    expect(p.onDestroy).toHaveBeenCalledWith({
      drainTimeoutSeconds: 300,
      terminateRunningJobs: true,
    });
  });

  it("shows the server's conflict message when a plan cannot start", async () => {
    const message =
      'Environment dev is locked by apply run r9 (requested by user:default/alice at 2025-01-01T10:02:00Z).';
    const p = props({
      onPlan: jest.fn(async () => Promise.reject(await conflict(message))),
    });
    renderWithApis(<TerraformCard {...p} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Plan' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(message);
  });

  it('shows the log of the selected run', async () => {
    const p = props({
      selectedRunId: 'run-0001-cccc-dddd',
      log: {
        text: 'Plan: 3 to add\n',
        complete: true,
        status: 'SUCCEEDED',
        loading: false,
      },
    });
    renderWithApis(<TerraformCard {...p} />);
    expect(
      await screen.findByText(/Log of plan run run-0001 — succeeded/),
    ).toBeInTheDocument();
    expect(screen.getByTestId('videogen-run-log')).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Show the log of plan run run-0001' }),
    );
    expect(p.onSelectRun).toHaveBeenCalledWith('run-0001-cccc-dddd');
  });
});

describe('TerraformPanel', () => {
  it('loads the environment and runs, follows the log and starts a plan', async () => {
    const api = mockVideogenApi({
      getEnvironment: jest.fn(async () =>
        makeEnvironment({ name: 'dev', builtIn: false }),
      ),
      startRun: jest.fn(async () =>
        makeRun({ id: 'new-run-000000', status: 'PENDING' }),
      ),
    });
    renderWithApis(<TerraformPanel environment="dev" />, { api });
    expect(await screen.findByText('+3 ~1 −0')).toBeInTheDocument();
    await waitFor(() =>
      expect(api.getRunLog).toHaveBeenCalledWith(
        'run-0001-cccc-dddd',
        expect.objectContaining({ offset: 0 }),
      ),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Plan' }));
    expect(api.startRun).toHaveBeenCalledWith('dev', { operation: 'plan' });
  });
});

describe('TerraformCard force-unlock', () => {
  it('lets an administrator release a held state lock after confirming', async () => {
    const onForceUnlock = jest.fn(async () => undefined);
    renderWithApis(
      <TerraformCard
        {...props({
          runs: [makeRun({ status: 'FAILED', lockId: 'f00d-lock-id' })],
          permissions: { ...all, forceUnlock: true },
          onForceUnlock,
        })}
      />,
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Force unlock' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Force-unlock the Terraform state of dev?',
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Force unlock' }),
    );
    expect(onForceUnlock).toHaveBeenCalledWith('f00d-lock-id');
  });

  it('hides it from everyone else', async () => {
    renderWithApis(
      <TerraformCard
        {...props({
          runs: [makeRun({ status: 'FAILED', lockId: 'f00d-lock-id' })],
          onForceUnlock: jest.fn(),
        })}
      />,
    );
    await screen.findByText('f00d-lock-id');
    expect(screen.queryByRole('button', { name: 'Force unlock' })).toBeNull();
  });
});
