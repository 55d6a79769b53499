import fs from 'node:fs';
import path from 'node:path';
import { ENVIRONMENT_NAME_PATTERN } from '@videogen/plugin-videogen-common';
import yaml from 'yaml';
import { MAX_LOG_WAIT_SECONDS } from '../runs/RunLogFollower';
import { MAX_DRAIN_TIMEOUT_SECONDS } from '../terraform/config';

const repoRoot = path.resolve(__dirname, '../../../..');

describe('OpenAPI document', () => {
  const specText = fs.readFileSync(
    path.join(__dirname, 'openapi.yaml'),
    'utf8',
  );

  it('is valid YAML describing /api/videogen', () => {
    const spec = yaml.parse(specText);
    expect(spec.openapi).toMatch(/^3\./);
    expect(spec.servers).toEqual([{ url: '/api/videogen' }]);
    expect(Object.keys(spec.paths)).toContain('/health');
  });

  it('is the same document the catalog publishes as the videogen-api API entity', () => {
    const entities = yaml
      .parseAllDocuments(
        fs.readFileSync(path.join(repoRoot, 'catalog-info.yaml'), 'utf8'),
      )
      .map(doc => doc.toJSON());
    const api = entities.find(
      e => e.kind === 'API' && e.metadata.name === 'videogen-api',
    );
    expect(api).toBeDefined();
    expect(yaml.parse(api.spec.definition)).toEqual(yaml.parse(specText));
  });

  it('uses the environment name pattern the UI checks (400s quote the same sentence)', () => {
    const spec = yaml.parse(specText);
    expect(
      spec.components.schemas.CreateEnvironmentRequest.properties.name.pattern,
    ).toBe(ENVIRONMENT_NAME_PATTERN.source);
  });

  it('bounds what the engine bounds, with the same numbers', () => {
    const spec = yaml.parse(specText);
    const logWait = spec.paths['/runs/{id}/log'].get.parameters.find(
      (p: { name: string }) => p.name === 'waitSeconds',
    );
    expect(logWait.schema.maximum).toBe(MAX_LOG_WAIT_SECONDS);
    expect(
      spec.components.schemas.StartRunRequest.properties.drainTimeoutSeconds
        .maximum,
    ).toBe(MAX_DRAIN_TIMEOUT_SECONDS);
  });
});
