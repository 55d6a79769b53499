import fs from 'node:fs';
import path from 'node:path';
import { Environment } from '@videogen/plugin-videogen-common';
import {
  appliedAwsOutputs,
  awsTerraformOutputJson,
} from '../__fixtures__/awsTerraformOutputs';
import {
  AWS_CLUSTER_OUTPUTS,
  environmentEntities,
  isPublished,
} from './environmentEntities';

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

  const applied: Environment = {
    ...base,
    name: 'prod-eu',
    target: 'aws',
    region: 'eu-west-1',
    outputs: appliedAwsOutputs(),
  };
  const tf = (name: string) => awsTerraformOutputJson[name].value;

  it('publishes the EKS cluster of an applied aws environment the way the Kubernetes catalog cluster locator finds it', () => {
    const entities = environmentEntities(applied, options);
    expect(entities).toHaveLength(2);
    const [environment, cluster] = entities;
    expect(environment.spec?.dependsOn).toEqual(['resource:prod-eu-eks']);
    expect(environment.metadata.links).toEqual([
      {
        url: 'https://d111111abcdef8.cloudfront.net',
        title: 'Video generator (CloudFront)',
      },
      {
        url: 'https://prod-eu-web-1234567890.eu-west-1.elb.amazonaws.com',
        title: 'Load balancer',
      },
    ]);
    expect(cluster).toMatchObject({
      kind: 'Resource',
      metadata: {
        name: 'prod-eu-eks',
        annotations: {
          'kubernetes.io/api-server': tf('cluster_endpoint'),
          'kubernetes.io/api-server-certificate-authority': tf(
            'cluster_certificate_authority_data',
          ),
          'kubernetes.io/auth-provider': 'aws',
          'kubernetes.io/x-k8s-aws-id': tf('cluster_name'),
          'videogen.io/region': tf('region'),
          'videogen.io/environment': 'prod-eu',
        },
      },
      spec: {
        type: 'kubernetes-cluster',
        owner: 'group:default/platform-team',
        dependencyOf: ['resource:prod-eu'],
      },
    });
  });

  it('publishes no cluster before the cluster has an API endpoint', () => {
    const { cluster_endpoint: _endpoint, ...withoutEndpoint } =
      appliedAwsOutputs();
    // Not applied yet; a first apply that failed before the cluster existed.
    const cases: Array<Pick<Environment, 'status' | 'outputs'>> = [
      { status: 'NEW', outputs: {} },
      { status: 'FAILED', outputs: withoutEndpoint },
    ];
    for (const { status, outputs } of cases) {
      const entities = environmentEntities(
        { ...applied, status, outputs },
        options,
      );
      expect(entities).toHaveLength(1);
      expect(entities[0].spec?.dependsOn).toBeUndefined();
    }
  });

  it('publishes no cluster for a local environment, whatever its outputs', () => {
    expect(
      environmentEntities({ ...base, outputs: appliedAwsOutputs() }, options),
    ).toHaveLength(1);
  });

  it('reads outputs the aws root declares, from a fixture with exactly its outputs', () => {
    const outputsTf = fs.readFileSync(
      path.resolve(
        __dirname,
        '../../../../terraform/environments/aws/outputs.tf',
      ),
      'utf8',
    );
    const declared = [...outputsTf.matchAll(/^output "(\w+)"/gm)].map(
      match => match[1],
    );
    expect(Object.keys(awsTerraformOutputJson).sort()).toEqual(
      [...declared].sort(),
    );
    expect(declared).toEqual(
      expect.arrayContaining(Object.values(AWS_CLUSTER_OUTPUTS)),
    );
  });
});

describe('isPublished', () => {
  it('keeps an environment until its destroy has succeeded', () => {
    expect(isPublished({ ...base, status: 'DESTROYING' })).toBe(true);
    expect(isPublished({ ...base, status: 'FAILED' })).toBe(true);
    expect(isPublished({ ...base, status: 'DESTROYED' })).toBe(false);
  });

  it('publishes built-in environments unless they are turned off', () => {
    expect(isPublished({ ...base, builtIn: true })).toBe(true);
    expect(isPublished({ ...base, builtIn: true }, { builtIn: false })).toBe(
      false,
    );
    expect(isPublished(base, { builtIn: false })).toBe(true);
  });
});
