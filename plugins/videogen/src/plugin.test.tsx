import { screen } from '@testing-library/react';
import {
  renderInTestApp as renderInLegacyTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { VideogenApi, videogenApiRef } from './api';
import {
  EntityVideoGeneratorContent,
  VideogenPage,
  videogenPlugin,
} from './index';
import alphaPlugin from './alpha';
import { Route, Routes } from 'react-router-dom';

const healthyApi: VideogenApi = { getHealth: async () => ({ status: 'ok' }) };

describe('legacy exports', () => {
  it('registers the plugin under the videogen id', () => {
    expect(videogenPlugin.getId()).toBe('videogen');
  });

  it('renders the standalone page', async () => {
    await renderInLegacyTestApp(
      <TestApiProvider apis={[[videogenApiRef, healthyApi]]}>
        <Routes>
          <Route path="/" element={<VideogenPage />} />
        </Routes>
      </TestApiProvider>,
    );
    expect(await screen.findByText('Video generator')).toBeInTheDocument();
    expect(await screen.findByText('Backend healthy')).toBeInTheDocument();
  });

  it('renders the entity tab for an environment resource', async () => {
    await renderInLegacyTestApp(
      <TestApiProvider apis={[[videogenApiRef, healthyApi]]}>
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
          <Routes>
            <Route path="/" element={<EntityVideoGeneratorContent />} />
          </Routes>
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByText('Environment local')).toBeInTheDocument();
  });
});

describe('new frontend system (./alpha)', () => {
  it('provides the API, the /videogen page and the entity content', () => {
    expect(alphaPlugin.id).toBe('videogen');
    for (const id of [
      'api:videogen',
      'page:videogen',
      'entity-content:videogen',
    ] as const) {
      expect(alphaPlugin.getExtension(id)).toBeDefined();
    }
  });

  it('renders the page extension at /videogen', async () => {
    const page = alphaPlugin.getExtension('page:videogen');
    const tester = createExtensionTester(page, {
      apis: [[videogenApiRef, healthyApi]],
    });
    renderInTestApp(tester.reactElement(), {
      apis: [[videogenApiRef, healthyApi]],
    });
    expect(await screen.findByText('Backend healthy')).toBeInTheDocument();
  });
});
