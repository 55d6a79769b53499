import { Entity } from '@backstage/catalog-model';
import {
  ENVIRONMENT_ENTITY_TYPE,
  VIDEO_GENERATOR_SYSTEM,
} from '@videogen/plugin-videogen-common';

/**
 * Whether an entity gets the "Video generator" tab: every environment
 * Resource, and the `video-generator` System (with an environment selector).
 *
 * @public
 */
export function isVideoGeneratorEntity(entity: Entity): boolean {
  if (entity.kind.toLowerCase() === 'resource') {
    return entity.spec?.type === ENVIRONMENT_ENTITY_TYPE;
  }
  return (
    entity.kind.toLowerCase() === 'system' &&
    entity.metadata.name === VIDEO_GENERATOR_SYSTEM
  );
}
