import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { Entity } from '@backstage/catalog-model';
import { makeEnvironment, mockVideogenApi } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/render';
import { EntityVideoGeneratorContent } from './EntityVideoGeneratorContent';
import {
  EntityClusterCard,
  EntityQueueCard,
  EntityTerraformCard,
  EntityVideosCard,
} from '../EntityCards';

jest.setTimeout(30_000);

const localResource: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'local',
    annotations: { 'videogen.io/environment': 'local' },
  },
  spec: { type: 'video-generator-environment' },
};

const system: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'video-generator' },
};

describe('EntityVideoGeneratorContent', () => {
  it("shows the upload card beside the environment's four status cards", async () => {
    const api = mockVideogenApi();
    renderWithApis(
      <EntityProvider entity={localResource}>
        <EntityVideoGeneratorContent />
      </EntityProvider>,
      { api },
    );
    expect(await screen.findByText('Generate a video')).toBeInTheDocument();
    for (const title of ['Cluster', 'Batch queue', 'Videos', 'Terraform']) {
      expect(
        await screen.findByRole('region', { name: title }),
      ).toBeInTheDocument();
    }
    expect(await screen.findByText('build-host-1')).toBeInTheDocument();
    expect(api.getEnvironmentStatus).toHaveBeenCalledWith('local');
    // One status request feeds both the cluster and the queue card.
    expect(api.getEnvironmentStatus).toHaveBeenCalledTimes(1);
    expect(api.listVideos).toHaveBeenCalledWith('local');
    expect(api.ensureMediaAccess).toHaveBeenCalled();
  });

  it('lets the system pick an environment from the API', async () => {
    const api = mockVideogenApi({
      listEnvironments: jest.fn(async () => ({
        items: [
          makeEnvironment(),
          makeEnvironment({ name: 'aws-dev', target: 'aws', builtIn: false }),
        ],
      })),
    });
    renderWithApis(
      <EntityProvider entity={system}>
        <EntityVideoGeneratorContent />
      </EntityProvider>,
      { api },
    );
    const select = await screen.findByRole('button', { name: /Environment/ });
    expect(select).toHaveTextContent('local (local, ready)');
    await waitFor(() =>
      expect(api.getEnvironmentStatus).toHaveBeenCalledWith('local'),
    );
    await userEvent.click(select);
    await userEvent.click(
      await screen.findByRole('option', { name: /aws-dev/ }),
    );
    await waitFor(() =>
      expect(api.getEnvironmentStatus).toHaveBeenCalledWith('aws-dev'),
    );
    expect(await screen.findByText('Environment aws-dev')).toBeInTheDocument();
  });

  it('says when there are no environments', async () => {
    renderWithApis(
      <EntityProvider entity={system}>
        <EntityVideoGeneratorContent />
      </EntityProvider>,
      {
        api: mockVideogenApi({
          listEnvironments: jest.fn(async () => ({ items: [] })),
        }),
      },
    );
    expect(await screen.findByText('No environments yet')).toBeInTheDocument();
  });
});

describe('entity cards', () => {
  it('render each status card for the entity environment', async () => {
    const api = mockVideogenApi();
    renderWithApis(
      <EntityProvider entity={localResource}>
        <EntityClusterCard />
        <EntityQueueCard />
        <EntityVideosCard />
        <EntityTerraformCard />
      </EntityProvider>,
      { api },
    );
    expect(await screen.findByText('build-host-1')).toBeInTheDocument();
    expect(
      await screen.findByRole('heading', { name: 'videogen-local' }),
    ).toBeInTheDocument();
    expect(await screen.findByText('No videos yet')).toBeInTheDocument();
    expect(await screen.findByText('+3 ~1 −0')).toBeInTheDocument();
  });

  it('explain a missing annotation', async () => {
    renderWithApis(
      <EntityProvider entity={system}>
        <EntityClusterCard />
      </EntityProvider>,
    );
    expect(
      await screen.findByText(/videogen\.io\/environment/),
    ).toBeInTheDocument();
  });
});
