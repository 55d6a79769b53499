import { Entity } from '@backstage/catalog-model';
import { isVideoGeneratorEntity } from './filters';

const entity = (kind: string, name: string, spec?: object): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name },
  spec,
});

describe('isVideoGeneratorEntity', () => {
  it('shows the tab on environment resources and the video-generator system', () => {
    expect(
      isVideoGeneratorEntity(
        entity('Resource', 'local', { type: 'video-generator-environment' }),
      ),
    ).toBe(true);
    expect(isVideoGeneratorEntity(entity('System', 'video-generator'))).toBe(
      true,
    );
  });

  it('hides the tab on other entities', () => {
    expect(
      isVideoGeneratorEntity(entity('Resource', 'db', { type: 'database' })),
    ).toBe(false);
    expect(isVideoGeneratorEntity(entity('System', 'payments'))).toBe(false);
    expect(isVideoGeneratorEntity(entity('Component', 'video-generator'))).toBe(
      false,
    );
  });
});
