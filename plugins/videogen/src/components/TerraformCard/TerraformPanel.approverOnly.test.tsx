import { screen } from '@testing-library/react';
import {
  videogenEnvironmentCreatePermission,
  videogenEnvironmentDeletePermission,
} from '@videogen/plugin-videogen-common';
import {
  makeEnvironment,
  makeRun,
  mockVideogenApi,
} from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { TerraformPanel } from './TerraformPanel';

// usePermission caches decisions for the module's lifetime (SWR), so each
// permission scenario lives in a test file of its own.
const deny = [
  videogenEnvironmentCreatePermission.name,
  videogenEnvironmentDeletePermission.name,
];

describe('TerraformPanel for an approver who may not provision', () => {
  it("approves and rejects someone else's run, but plans nothing", async () => {
    const api = mockVideogenApi({
      getEnvironment: jest.fn(async () =>
        makeEnvironment({ name: 'dev', builtIn: false }),
      ),
      listRuns: jest.fn(async () => ({
        items: [
          makeRun({
            id: 'apply-run-123456789',
            operation: 'apply',
            status: 'AWAITING_APPROVAL',
            requestedBy: 'user:default/alice',
            finishedAt: undefined,
          }),
        ],
      })),
    });
    renderWithApis(<TerraformPanel environment="dev" />, {
      api,
      deny,
      userEntityRef: 'user:default/bob',
    });
    expect(
      await screen.findByRole('button', { name: 'Approve apply run apply-ru' }),
    ).toBeEnabled();
    expect(
      await screen.findByRole('button', { name: 'Reject' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Plan' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Destroy' })).toBeNull();
  });
});
