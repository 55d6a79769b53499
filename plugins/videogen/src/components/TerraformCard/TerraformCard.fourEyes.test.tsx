import { screen } from '@testing-library/react';
import { Run } from '@videogen/plugin-videogen-common';
import { makeEnvironment, makeRun } from '../../__testUtils__/fixtures';
import { RenderOptions, renderWithApis } from '../../__testUtils__/render';
import { TerraformCard, TerraformCardProps } from './TerraformCard';

const FOUR_EYES =
  'You started this run; someone else must approve it (four eyes).';
const provisioner = { plan: true, approve: false, destroy: false };
const approver = {
  plan: false,
  approve: true,
  cancelAny: true,
  destroy: false,
};

function awaitingRun(requestedBy: string): Run {
  return makeRun({
    id: 'apply-run-123456789',
    operation: 'apply',
    status: 'AWAITING_APPROVAL',
    requestedBy,
    finishedAt: undefined,
  });
}

function renderCard(
  run: Run,
  permissions: TerraformCardProps['permissions'],
  options: RenderOptions,
) {
  return renderWithApis(
    <TerraformCard
      environment={makeEnvironment({ name: 'dev', builtIn: false })}
      runs={[run]}
      permissions={permissions}
      onSelectRun={jest.fn()}
      onPlan={jest.fn(async () => undefined)}
      onApprove={jest.fn(async () => undefined)}
      onCancelRun={jest.fn(async () => undefined)}
      onDestroy={jest.fn(async () => undefined)}
    />,
    options,
  );
}

const approveButton = () =>
  screen.findByRole('button', { name: 'Approve apply run apply-ru' });

describe('TerraformCard four eyes', () => {
  it('does not let alice approve the run she started, and says why', async () => {
    renderCard(
      awaitingRun('user:default/alice'),
      { ...approver, plan: true },
      {
        userEntityRef: 'user:default/alice',
      },
    );
    expect(await screen.findByText(FOUR_EYES)).toBeInTheDocument();
    expect(await approveButton()).toBeDisabled();
    expect(await approveButton()).toHaveAccessibleDescription(FOUR_EYES);
  });

  it("lets bob approve alice's run", async () => {
    renderCard(awaitingRun('user:default/alice'), approver, {
      userEntityRef: 'user:default/bob',
    });
    expect(await screen.findByRole('button', { name: 'Reject' })).toBeEnabled();
    expect(await approveButton()).toBeEnabled();
    expect(screen.queryByText(FOUR_EYES)).toBeNull();
  });

  it('lets alice approve her own run where self-approval is allowed (local mode)', async () => {
    renderCard(awaitingRun('user:default/alice'), approver, {
      userEntityRef: 'user:default/alice',
      config: { videogen: { approval: { allowSelfApproval: true } } },
    });
    expect(await screen.findByRole('button', { name: 'Reject' })).toBeEnabled();
    expect(await approveButton()).toBeEnabled();
    expect(screen.queryByText(FOUR_EYES)).toBeNull();
  });

  it('ignores self-approval outside local mode, as the API does', async () => {
    renderCard(awaitingRun('user:default/alice'), approver, {
      userEntityRef: 'user:default/alice',
      config: {
        videogen: { mode: 'aws', approval: { allowSelfApproval: true } },
      },
    });
    expect(await screen.findByText(FOUR_EYES)).toBeInTheDocument();
    expect(await approveButton()).toBeDisabled();
  });
});

describe('TerraformCard cancelling', () => {
  const running = (requestedBy: string) =>
    makeRun({ status: 'RUNNING', requestedBy, finishedAt: undefined });

  it('lets the starter cancel or reject their own run', async () => {
    renderCard(running('user:default/alice'), provisioner, {
      userEntityRef: 'user:default/alice',
    });
    expect(
      await screen.findByRole('button', { name: 'Cancel run' }),
    ).toBeEnabled();
  });

  it("does not let another provisioner cancel alice's run, and says who may", async () => {
    renderCard(awaitingRun('user:default/alice'), provisioner, {
      userEntityRef: 'user:default/bob',
    });
    expect(
      await screen.findByText(
        'Only user:default/alice or an approver may cancel this run.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Reject' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Cancel run' })).toBeNull();
  });

  it("lets an approver cancel anyone's run", async () => {
    renderCard(running('user:default/alice'), approver, {
      userEntityRef: 'user:default/bob',
    });
    expect(
      await screen.findByRole('button', { name: 'Cancel run' }),
    ).toBeEnabled();
  });

  it('needs the destroy permission to cancel one’s own destroy run', async () => {
    renderCard(
      makeRun({
        operation: 'destroy',
        status: 'RUNNING',
        requestedBy: 'user:default/alice',
        finishedAt: undefined,
      }),
      provisioner,
      { userEntityRef: 'user:default/alice' },
    );
    expect(
      await screen.findByText(
        'Only user:default/alice or an approver may cancel this run.',
      ),
    ).toBeInTheDocument();
  });
});
