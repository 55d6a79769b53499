import { screen } from '@testing-library/react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  videogenEnvironmentReadPermission,
  videogenVideoCreatePermission,
  videogenVideoReadPermission,
} from '@videogen/plugin-videogen-common';
import { EntityVideoGeneratorContent } from './components/EntityVideoGeneratorContent';
import { mockVideogenApi } from './__testUtils__/fixtures';
import { renderWithApis } from './__testUtils__/render';

jest.setTimeout(30_000);

// usePermission caches decisions per module (SWR): this file is the
// "no read permission" world.
describe('a user without the read and create permissions', () => {
  it('sees permission notices instead of data, and nothing is fetched', async () => {
    const api = mockVideogenApi();
    renderWithApis(
      <EntityProvider
        entity={{
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Resource',
          metadata: {
            name: 'local',
            annotations: { 'videogen.io/environment': 'local' },
          },
          spec: { type: 'video-generator-environment' },
        }}
      >
        <EntityVideoGeneratorContent />
      </EntityProvider>,
      {
        api,
        deny: [
          videogenVideoReadPermission.name,
          videogenEnvironmentReadPermission.name,
          videogenVideoCreatePermission.name,
        ],
      },
    );
    // Upload card + cluster + queue + videos + Terraform.
    expect(await screen.findAllByText('Permission required.')).toHaveLength(5);
    expect(screen.getByRole('button', { name: 'Start' })).toBeDisabled();
    expect(api.getEnvironmentStatus).not.toHaveBeenCalled();
    expect(api.listVideos).not.toHaveBeenCalled();
    expect(api.getEnvironment).not.toHaveBeenCalled();
    expect(api.ensureMediaAccess).not.toHaveBeenCalled();
  });
});
