import { Environment } from '@videogen/plugin-videogen-common';
import { EnvironmentStore } from '../environments/EnvironmentStore';
import { describeDrift, missingState } from './driftCheck';

describe('describeDrift', () => {
  it('lists what changed outside Terraform from a refresh-only plan', () => {
    const showJson = JSON.stringify({
      resource_drift: [
        {
          address: 'module.web.aws_security_group.web',
          change: { actions: ['update'] },
        },
        {
          address: 'module.storage.aws_s3_bucket.videos',
          change: { actions: ['delete'] },
        },
      ],
      // A refresh-only plan proposes no resource changes.
      resource_changes: [],
    });
    expect(describeDrift(true, showJson)).toBe(
      'Changed outside Terraform: module.web.aws_security_group.web (changed), module.storage.aws_s3_bucket.videos (deleted).',
    );
  });

  it('says so when nothing drifted, and keeps long lists short', () => {
    expect(describeDrift(false, '{}')).toBe(
      'No drift: the infrastructure matches the Terraform state.',
    );
    const many = Array.from({ length: 23 }, (_, i) => ({
      address: `aws_instance.n${i}`,
      change: { actions: ['update'] },
    }));
    expect(
      describeDrift(true, JSON.stringify({ resource_drift: many })),
    ).toMatch(/aws_instance\.n19 \(changed\), and 3 more\.$/);
    expect(describeDrift(true, '{}')).toBe(
      'The refresh-only plan found changes made outside Terraform; see the run log.',
    );
  });
});

describe('missingState', () => {
  const env = (overrides: Partial<Environment>): Environment => ({
    name: 'prod',
    target: 'aws',
    region: 'eu-west-1',
    variables: {},
    requireApproval: true,
    status: 'READY',
    outputs: {},
    createdBy: 'user:default/ada',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...overrides,
  });
  const store = (stateVersion: number) =>
    ({ stateVersion: async () => stateVersion } as unknown as EnvironmentStore);

  it('finds a state once an aws environment was applied and has a bucket', async () => {
    const withBucket = { settings: { stateBucket: 'state' } };
    expect(
      await missingState(env({ outputs: { cluster_name: 'c' } }), {
        ...withBucket,
        environments: store(0),
      }),
    ).toBeUndefined();
    expect(
      await missingState(env({}), { ...withBucket, environments: store(2) }),
    ).toBeUndefined();
    expect(
      await missingState(env({ stateBucket: 'own', outputs: { a: 1 } }), {
        settings: {},
        environments: store(1),
      }),
    ).toBeUndefined();
  });

  it('finds none without a bucket or an apply; local environments always have one', async () => {
    expect(
      await missingState(env({ builtIn: true }), {
        settings: { stateBucket: 'state' },
        environments: store(0),
      }),
    ).toBe(
      'it was never applied by the run engine, so it has no Terraform state',
    );
    expect(
      await missingState(env({ outputs: { a: 1 } }), {
        settings: {},
        environments: store(3),
      }),
    ).toBe(
      'it has no state bucket and videogen.terraform.stateBucket is not configured, so it has no Terraform state',
    );
    expect(
      await missingState(env({ target: 'local', region: 'local' }), {
        settings: {},
        environments: store(0),
      }),
    ).toBeUndefined();
  });
});
