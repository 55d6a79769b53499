import { Environment } from '@videogen/plugin-videogen-common';
import { environmentEntities, isPublished } from './environmentEntities';

const base: Environment = {
  name: 'local-dev',
  target: 'local',
  region: 'local',
  variables: {},
  requireApproval: false,
  status: 'READY',
  outputs: {},
  createdBy: 'user:default/guest',
  createdAt: '2026-11-26T10:00:00Z',
  updatedAt: '2026-11-26T10:00:00Z',
};
const options = {
  owner: 'group:default/platform-team',
  locationRef: 'url:http://localhost:7007/api/videogen/environments',
};

describe('environmentEntities', () => {
  it('publishes a local environment as one video-generator-environment Resource in the system', () => {
    const [entity, ...rest] = environmentEntities(base, options);
    expect(rest).toEqual([]);
    expect(entity).toMatchObject({
      kind: 'Resource',
      metadata: {
        name: 'local-dev',
        annotations: {
          'videogen.io/environment': 'local-dev',
          'videogen.io/target': 'local',
          'backstage.io/managed-by-location':
            'url:http://localhost:7007/api/videogen/environments/local-dev',
        },
      },
      spec: {
        type: 'video-generator-environment',
        owner: 'group:default/platform-team',
        system: 'video-generator',
      },
    });
  });

  it('publishes the EKS cluster of an aws environment the way the Kubernetes plugin finds it', () => {
    const entities = environmentEntities(
      {
        ...base,
        name: 'prod-eu',
        target: 'aws',
        region: 'eu-west-1',
        outputs: {
          cluster_name: 'videogen-prod-eu',
          cluster_endpoint: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com',
          cloudfront_domain: 'd111111abcdef8.cloudfront.net',
        },
      },
      options,
    );
    expect(entities).toHaveLength(2);
    const [environment, cluster] = entities;
    expect(environment.spec?.dependsOn).toEqual(['resource:prod-eu-eks']);
    expect(environment.metadata.links).toEqual([
      {
        url: 'https://d111111abcdef8.cloudfront.net',
        title: 'Video generator (CloudFront)',
      },
    ]);
    expect(cluster).toMatchObject({
      metadata: {
        name: 'prod-eu-eks',
        annotations: {
          'kubernetes.io/x-k8s-aws-id': 'videogen-prod-eu',
          'kubernetes.io/auth-provider': 'aws',
          'kubernetes.io/api-server':
            'https://ABC.gr7.eu-west-1.eks.amazonaws.com',
        },
      },
      spec: { type: 'kubernetes-cluster', dependencyOf: ['resource:prod-eu'] },
    });
  });

  it('publishes no cluster for an aws environment that has not been applied yet', () => {
    expect(
      environmentEntities(
        { ...base, target: 'aws', region: 'us-east-1', status: 'NEW' },
        options,
      ),
    ).toHaveLength(1);
  });
});

describe('isPublished', () => {
  it('keeps an environment until its destroy has succeeded', () => {
    expect(isPublished({ ...base, status: 'DESTROYING' })).toBe(true);
    expect(isPublished({ ...base, status: 'FAILED' })).toBe(true);
    expect(isPublished({ ...base, status: 'DESTROYED' })).toBe(false);
  });

  it('leaves built-in environments to catalog-info.yaml', () => {
    expect(isPublished({ ...base, builtIn: true })).toBe(false);
  });
});
