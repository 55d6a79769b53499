import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { ANNOTATION_ENVIRONMENT } from '@videogen/plugin-videogen-common';
import { ReactElement } from 'react';
import { ClusterPanel, QueuePanel, VideosPanel } from '../EnvironmentDashboard';
import { environmentOf } from '../../filters';
import { TerraformPanel } from '../TerraformCard';

const ForEntityEnvironment = (props: {
  render: (environment: string) => ReactElement;
}) => {
  const { entity } = useEntity();
  const environment = environmentOf(entity);
  if (!environment) {
    return <MissingAnnotationEmptyState annotation={ANNOTATION_ENVIRONMENT} />;
  }
  return props.render(environment);
};

/** The entity's environment: cluster (or local worker pool) card. */
export const EntityClusterCard = () => (
  <ForEntityEnvironment render={env => <ClusterPanel environment={env} />} />
);

/** The entity's environment: job queue card. */
export const EntityQueueCard = () => (
  <ForEntityEnvironment render={env => <QueuePanel environment={env} />} />
);

/** The entity's environment: videos card with the player. */
export const EntityVideosCard = () => (
  <ForEntityEnvironment render={env => <VideosPanel environment={env} />} />
);

/** The entity's environment: Terraform card. */
export const EntityTerraformCard = () => (
  <ForEntityEnvironment render={env => <TerraformPanel environment={env} />} />
);
