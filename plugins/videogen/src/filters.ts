import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_ENVIRONMENT,
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

/**
 * The videogen environment an entity stands for: its
 * `videogen.io/environment` annotation or, for an environment Resource
 * without one, its name.
 *
 * @public
 */
export function environmentOf(entity: Entity): string | undefined {
  const annotated = entity.metadata.annotations?.[ANNOTATION_ENVIRONMENT];
  if (annotated) return annotated;
  return entity.kind.toLowerCase() === 'resource' &&
    entity.spec?.type === ENVIRONMENT_ENTITY_TYPE
    ? entity.metadata.name
    : undefined;
}

/**
 * Whether an entity stands for one environment (and so gets the status
 * cards on its overview).
 *
 * @public
 */
export function isVideoGeneratorEnvironmentEntity(entity: Entity): boolean {
  return environmentOf(entity) !== undefined;
}
