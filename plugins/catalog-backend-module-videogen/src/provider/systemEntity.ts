import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import { VIDEO_GENERATOR_SYSTEM } from '@videogen/plugin-videogen-common';
import { EntityOptions } from './environmentEntities';

/**
 * The `video-generator` System every published environment belongs to, so
 * an app needs no hand-written YAML for the environments' `spec.system` to
 * resolve.
 */
export function systemEntity(options: EntityOptions): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: VIDEO_GENERATOR_SYSTEM,
      title: 'Video generator',
      description:
        'Turns a character photo and a script into a narrated video, never twice for the same pair. Provisioned on AWS with Terraform from Backstage.',
      annotations: {
        [ANNOTATION_LOCATION]: options.locationRef,
        [ANNOTATION_ORIGIN_LOCATION]: options.locationRef,
      },
      tags: ['video', 'terraform', 'aws-batch', 'eks'],
    },
    spec: { owner: options.owner },
  };
}
