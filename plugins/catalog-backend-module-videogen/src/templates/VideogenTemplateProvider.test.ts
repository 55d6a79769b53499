import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { DeferredEntity } from '@backstage/plugin-catalog-node';
import { VideogenTemplateProvider } from './VideogenTemplateProvider';

describe('VideogenTemplateProvider', () => {
  it('replaces its entities with the templates once the catalog connects it', async () => {
    const applied: DeferredEntity[][] = [];
    const provider = new VideogenTemplateProvider({
      dir: path.resolve(__dirname, '../../../../templates'),
      logger: mockServices.logger.mock(),
    });
    await provider.connect({
      applyMutation: async mutation => {
        if (mutation.type !== 'full') throw new Error('expected full');
        applied.push(mutation.entities);
      },
      refresh: async () => {},
    });
    expect(applied).toHaveLength(1);
    expect(applied[0].map(d => d.locationKey)).toEqual([
      'videogen-templates:provision-environment',
      'videogen-templates:teardown-environment',
    ]);
  });
});
