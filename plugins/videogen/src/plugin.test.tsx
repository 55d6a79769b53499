import { screen } from '@testing-library/react';
import {
  renderInTestApp as renderInLegacyTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { Entity } from '@backstage/catalog-model';
import { videogenApiRef } from './api';
import {
  EntityVideoGeneratorContent,
  EntityVideogenClusterCard,
  EntityVideogenQueueCard,
  EntityVideogenTerraformCard,
  EntityVideogenVideosCard,
  VideogenPage,
  videogenPlugin,
} from './index';
import alphaPlugin from './alpha';
import { Route, Routes } from 'react-router-dom';
import { mockVideogenApi } from './__testUtils__/fixtures';

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

const legacyApis = () =>
  [
    [videogenApiRef, mockVideogenApi()],
    [permissionApiRef, mockApis.permission()],
  ] as const;

describe('legacy exports', () => {
  it('registers the plugin under the videogen id', () => {
    expect(videogenPlugin.getId()).toBe('videogen');
  });

  it('renders the standalone page with the environments and backend health', async () => {
    await renderInLegacyTestApp(
      <TestApiProvider apis={legacyApis()}>
        <Routes>
          <Route path="/" element={<VideogenPage />} />
        </Routes>
      </TestApiProvider>,
    );
    expect(await screen.findByText('Video generator')).toBeInTheDocument();
    expect(await screen.findByText('Backend healthy')).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'local' })).toHaveAttribute(
      'href',
      '/catalog/default/resource/local/video-generator',
    );
  });

  it('renders the entity tab for an environment resource', async () => {
    await renderInLegacyTestApp(
      <TestApiProvider apis={legacyApis()}>
        <EntityProvider entity={localResource}>
          <Routes>
            <Route path="/" element={<EntityVideoGeneratorContent />} />
          </Routes>
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByText('Generate a video')).toBeInTheDocument();
    expect(await screen.findByText('build-host-1')).toBeInTheDocument();
  });

  it('renders the cards as component extensions', async () => {
    await renderInLegacyTestApp(
      <TestApiProvider apis={legacyApis()}>
        <EntityProvider entity={localResource}>
          <EntityVideogenClusterCard />
          <EntityVideogenQueueCard />
          <EntityVideogenVideosCard />
          <EntityVideogenTerraformCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByText('build-host-1')).toBeInTheDocument();
    expect(
      await screen.findByRole('heading', { name: 'videogen-local' }),
    ).toBeInTheDocument();
    expect(await screen.findByText('No videos yet')).toBeInTheDocument();
    expect(await screen.findByText('+3 ~1 −0')).toBeInTheDocument();
  });
});

describe('new frontend system (./alpha)', () => {
  it('provides the API, the page, the entity content and the entity cards', () => {
    expect(alphaPlugin.id).toBe('videogen');
    for (const id of [
      'api:videogen',
      'page:videogen',
      'entity-content:videogen',
      'entity-card:videogen/cluster',
      'entity-card:videogen/queue',
      'entity-card:videogen/videos',
      'entity-card:videogen/terraform',
    ] as const) {
      expect(alphaPlugin.getExtension(id)).toBeDefined();
    }
  });

  it('renders the page extension at /videogen', async () => {
    const page = alphaPlugin.getExtension('page:videogen');
    const apis = [
      [videogenApiRef, mockVideogenApi()],
      mockApis.permission(),
    ] as const;
    const tester = createExtensionTester(page, { apis });
    renderInTestApp(tester.reactElement(), { apis });
    expect(await screen.findByText('Backend healthy')).toBeInTheDocument();
    // Only the page's own header: the plugin header is switched off.
    expect(
      await screen.findAllByRole('heading', { name: 'Video generator' }),
    ).toHaveLength(1);
  });

  it('renders an entity card extension', async () => {
    const card = alphaPlugin.getExtension('entity-card:videogen/cluster');
    const apis = [
      [videogenApiRef, mockVideogenApi()],
      mockApis.permission(),
    ] as const;
    const tester = createExtensionTester(card, { apis });
    renderInTestApp(
      <EntityProvider entity={localResource}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis },
    );
    expect(await screen.findByText('build-host-1')).toBeInTheDocument();
  });
});
