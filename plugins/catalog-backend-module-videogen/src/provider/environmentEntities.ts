import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  ANNOTATION_ENVIRONMENT,
  ANNOTATION_KUBERNETES_AWS_ID,
  ANNOTATION_REGION,
  ANNOTATION_TARGET,
  Environment,
  ENVIRONMENT_ENTITY_TYPE,
  VIDEO_GENERATOR_SYSTEM,
} from '@videogen/plugin-videogen-common';

export type EntityOptions = {
  /** Owner of the published entities, e.g. `group:default/platform-team`. */
  owner: string;
  /** Where the entities come from, for the managed-by annotations. */
  locationRef: string;
};

function output(env: Environment, name: string): string | undefined {
  const value = env.outputs?.[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * The catalog entities that stand for one environment: a `Resource` of type
 * `video-generator-environment`, and for aws environments whose cluster
 * exists, the EKS cluster as a `kubernetes-cluster` Resource annotated the way
 * the Kubernetes plugin finds it.
 */
export function environmentEntities(
  env: Environment,
  options: EntityOptions,
): Entity[] {
  const location = `${options.locationRef}/${env.name}`;
  const managedBy = {
    [ANNOTATION_LOCATION]: location,
    [ANNOTATION_ORIGIN_LOCATION]: location,
  };
  const clusterName =
    env.target === 'aws' ? output(env, 'cluster_name') : undefined;
  const clusterEntityName = `${env.name}-eks`;

  const links = [
    ['cloudfront_domain', 'Video generator (CloudFront)'],
    ['load_balancer_dns_name', 'Load balancer'],
  ]
    .map(([key, title]) => ({ url: output(env, key), title }))
    .filter((link): link is { url: string; title: string } => !!link.url)
    .map(link => ({
      url: link.url.startsWith('http') ? link.url : `https://${link.url}`,
      title: link.title,
    }));

  const environment: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: env.name,
      title: `Video generator ${env.name}`,
      description:
        env.target === 'aws'
          ? `Video-generator environment on AWS (${env.region}), provisioned with Terraform.`
          : 'Video-generator environment on this machine (local mode).',
      annotations: {
        ...managedBy,
        [ANNOTATION_ENVIRONMENT]: env.name,
        [ANNOTATION_TARGET]: env.target,
        [ANNOTATION_REGION]: env.region,
      },
      tags: ['video-generator', env.target],
      ...(links.length ? { links } : {}),
    },
    spec: {
      type: ENVIRONMENT_ENTITY_TYPE,
      owner: options.owner,
      system: VIDEO_GENERATOR_SYSTEM,
      lifecycle: env.status.toLowerCase(),
      ...(clusterName ? { dependsOn: [`resource:${clusterEntityName}`] } : {}),
    },
  };
  if (!clusterName) {
    return [environment];
  }

  const endpoint = output(env, 'cluster_endpoint');
  const caData = output(env, 'cluster_certificate_authority_data');
  const cluster: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: clusterEntityName,
      title: `EKS cluster ${clusterName}`,
      description: `The EKS cluster running AWS Batch jobs of environment ${env.name}.`,
      annotations: {
        ...managedBy,
        [ANNOTATION_ENVIRONMENT]: env.name,
        [ANNOTATION_REGION]: env.region,
        [ANNOTATION_KUBERNETES_AWS_ID]: clusterName,
        'kubernetes.io/auth-provider': 'aws',
        ...(endpoint ? { 'kubernetes.io/api-server': endpoint } : {}),
        ...(caData
          ? { 'kubernetes.io/api-server-certificate-authority': caData }
          : {}),
      },
      tags: ['eks', 'video-generator'],
    },
    spec: {
      type: 'kubernetes-cluster',
      owner: options.owner,
      system: VIDEO_GENERATOR_SYSTEM,
      dependencyOf: [`resource:${env.name}`],
    },
  };
  return [environment, cluster];
}

/**
 * Whether the provider publishes an environment. It stays through a failed
 * or running destroy, and leaves only once destroy has succeeded. Built-in
 * environments (declared in the backend's config) are described by hand in
 * catalog-info.yaml, so publishing them too would make two entities claim
 * one name.
 */
export function isPublished(env: Environment): boolean {
  return env.status !== 'DESTROYED' && !env.builtIn;
}
