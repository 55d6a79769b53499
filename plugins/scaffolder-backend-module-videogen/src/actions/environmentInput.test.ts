import { toCreateRequest } from './environmentInput';

describe('toCreateRequest', () => {
  it("passes an aws environment's bootstrapped state bucket on, and never a local one's", () => {
    expect(
      toCreateRequest({
        name: 'demo-eu-west-1',
        target: 'aws',
        region: 'eu-west-1',
        stateBucket: 'videogen-terraform-state-bucket-1x2y',
      }),
    ).toEqual({
      name: 'demo-eu-west-1',
      target: 'aws',
      region: 'eu-west-1',
      variables: {},
      requireApproval: true,
      stateBucket: 'videogen-terraform-state-bucket-1x2y',
    });
    expect(
      toCreateRequest({ name: 'demo', stateBucket: 'ignored-for-local' }),
    ).toEqual({
      name: 'demo',
      target: 'local',
      region: 'local',
      variables: {},
      requireApproval: false,
    });
  });

  it('refuses an aws environment without a region', () => {
    expect(() => toCreateRequest({ name: 'demo', target: 'aws' })).toThrow(
      'Environment demo targets aws: give its region, such as eu-west-1.',
    );
  });
});
