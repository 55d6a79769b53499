import fs from 'node:fs';
import path from 'node:path';
import { ENVIRONMENT_NAME_PATTERN } from '@videogen/plugin-videogen-common';
import yaml from 'yaml';

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
});
