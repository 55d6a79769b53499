import { screen } from '@testing-library/react';
import {
  videogenEnvironmentCreatePermission,
  videogenEnvironmentDeletePermission,
  videogenRunApprovePermission,
} from '@videogen/plugin-videogen-common';
import { makeEnvironment, mockVideogenApi } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { TerraformPanel } from './TerraformPanel';

// usePermission caches decisions for the module's lifetime (SWR), so each
// permission scenario lives in a test file of its own.
const deny = [
  videogenEnvironmentCreatePermission.name,
  videogenEnvironmentDeletePermission.name,
  videogenRunApprovePermission.name,
];

describe('TerraformPanel without the create, delete and approve permissions', () => {
  it('shows runs but no Plan, Approve or Destroy', async () => {
    const api = mockVideogenApi({
      getEnvironment: jest.fn(async () =>
        makeEnvironment({ name: 'dev', builtIn: false }),
      ),
    });
    renderWithApis(<TerraformPanel environment="dev" />, { api, deny });
    expect(await screen.findByText('+3 ~1 −0')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Plan' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Approve/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Destroy' })).toBeNull();
  });
});
