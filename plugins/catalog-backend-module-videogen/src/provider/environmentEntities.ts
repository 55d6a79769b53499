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

/**
 * Outputs of `terraform/environments/aws` (see its outputs.tf) that describe
 * the EKS cluster; the Kubernetes plugin's catalog cluster locator reads them
 * back from the cluster entity's annotations.
 */
export const AWS_CLUSTER_OUTPUTS = {
  name: 'cluster_name',
  endpoint: 'cluster_endpoint',
  certificateAuthorityData: 'cluster_certificate_authority_data',
  region: 'region',
} as const;

// The annotations of @backstage/plugin-kubernetes-common. The catalog cluster
// locator lists only kubernetes-cluster Resources that have all of api-server,
// api-server-certificate-authority and auth-provider.
const ANNOTATION_KUBERNETES_API_SERVER = 'kubernetes.io/api-server';
const ANNOTATION_KUBERNETES_API_SERVER_CA =
  'kubernetes.io/api-server-certificate-authority';
const ANNOTATION_KUBERNETES_AUTH_PROVIDER = 'kubernetes.io/auth-provider';

/** The `spec.type` the catalog cluster locator looks for. */
const KUBERNETES_CLUSTER_TYPE = 'kubernetes-cluster';

function output(env: Environment, name: string): string | undefined {
  const value = env.outputs?.[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

type ClusterOutputs = {
  name: string;
  endpoint: string;
  certificateAuthorityData?: string;
  region: string;
};

/**
 * The EKS cluster an aws environment's last apply reported, or nothing
 * before the cluster has an API endpoint (not applied yet, or a failed first
 * apply): an entity without one would only be a cluster no one can reach.
 */
function clusterOutputs(env: Environment): ClusterOutputs | undefined {
  if (env.target !== 'aws') return undefined;
  const name = output(env, AWS_CLUSTER_OUTPUTS.name);
  const endpoint = output(env, AWS_CLUSTER_OUTPUTS.endpoint);
  if (!name || !endpoint) return undefined;
  return {
    name,
    endpoint,
    certificateAuthorityData: output(
      env,
      AWS_CLUSTER_OUTPUTS.certificateAuthorityData,
    ),
    region: output(env, AWS_CLUSTER_OUTPUTS.region) ?? env.region,
  };
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
  const clusterDetails = clusterOutputs(env);
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
      ...(clusterDetails
        ? { dependsOn: [`resource:${clusterEntityName}`] }
        : {}),
    },
  };
  if (!clusterDetails) {
    return [environment];
  }

  const {
    name: clusterName,
    endpoint,
    certificateAuthorityData,
    region,
  } = clusterDetails;
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
        [ANNOTATION_REGION]: region,
        [ANNOTATION_KUBERNETES_API_SERVER]: endpoint,
        ...(certificateAuthorityData
          ? { [ANNOTATION_KUBERNETES_API_SERVER_CA]: certificateAuthorityData }
          : {}),
        // The backend signs an EKS token with its own role (the cluster's
        // access entry for the web tier's role), for the cluster named here.
        [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: 'aws',
        [ANNOTATION_KUBERNETES_AWS_ID]: clusterName,
      },
      tags: ['eks', 'video-generator'],
    },
    spec: {
      type: KUBERNETES_CLUSTER_TYPE,
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
 * environments (declared in the backend's config) are published too, unless
 * `builtIn` is false: an app that describes them by hand in its own catalog
 * files turns them off so two entities do not claim one name.
 */
export function isPublished(
  env: Environment,
  options: { builtIn: boolean } = { builtIn: true },
): boolean {
  return env.status !== 'DESTROYED' && (options.builtIn || !env.builtIn);
}
