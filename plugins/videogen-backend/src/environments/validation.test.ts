import { CreateEnvironmentRequest } from '@videogen/plugin-videogen-common';
import { AWS_REGION_PATTERN, parseCreateEnvironment } from './validation';

const parse = (
  body: CreateEnvironmentRequest,
  secretVariableNames: string[] = [],
) => parseCreateEnvironment(body, { secretVariableNames });

describe('parseCreateEnvironment', () => {
  it('fills in the defaults of each target', () => {
    expect(parse({ name: 'dev', target: 'local' })).toEqual({
      name: 'dev',
      target: 'local',
      region: 'local',
      variables: {},
      requireApproval: false,
    });
    expect(
      parse({
        name: 'prod',
        target: 'aws',
        region: 'eu-west-1',
        variables: { az_count: 3 },
      }),
    ).toEqual({
      name: 'prod',
      target: 'aws',
      region: 'eu-west-1',
      variables: { az_count: 3 },
      requireApproval: true,
    });
    expect(
      parse({
        name: 'prod',
        target: 'aws',
        region: 'eu-west-1',
        requireApproval: false,
      }).requireApproval,
    ).toBe(false);
  });

  it.each([
    'us-east-1',
    'eu-central-2',
    'ap-southeast-4',
    'us-gov-west-1',
    'cn-northwest-1',
    'il-central-1',
    'us-isob-east-1',
  ])('accepts the AWS region %s', region => {
    expect(AWS_REGION_PATTERN.test(region)).toBe(true);
  });

  it.each([
    '',
    'eu-west',
    'EU-WEST-1',
    'eu-west-1a',
    'europe-west-1',
    'local',
    'eu-west-0',
  ])('refuses %j as an AWS region', region => {
    expect(() => parse({ name: 'prod', target: 'aws', region })).toThrow(
      region ? /is not an AWS region name|needs a region/ : /needs a region/,
    );
  });

  it('refuses variables the engine or the configuration set', () => {
    expect(() =>
      parse({ name: 'dev', target: 'local', variables: { storage_path: '/' } }),
    ).toThrow(
      'Variable "storage_path" is set by the run engine for local environments; leave it out.',
    );
    expect(() =>
      parse(
        {
          name: 'prod',
          target: 'aws',
          region: 'us-east-1',
          variables: { db_password: 'x' },
        },
        ['db_password'],
      ),
    ).toThrow(/is a secret provided by the backend's configuration/);
    expect(() =>
      parse({ name: 'dev', target: 'local', variables: { 'bad name': 1 } }),
    ).toThrow(/is not a Terraform variable name/);
    expect(() =>
      parse({
        name: 'dev',
        target: 'local',
        variables: { big: 'x'.repeat(1025) },
      }),
    ).toThrow('Variable "big" is longer than 1024 characters.');
  });

  it('keeps the state bucket of an aws environment and refuses one elsewhere or badly named', () => {
    expect(
      parse({
        name: 'prod-eu-west-1',
        target: 'aws',
        region: 'eu-west-1',
        stateBucket: 'videogen-terraform-state-bucket-9x8y',
      }).stateBucket,
    ).toBe('videogen-terraform-state-bucket-9x8y');
    expect(() =>
      parse({ name: 'dev', target: 'local', stateBucket: 'some-bucket' }),
    ).toThrow(
      'A local environment keeps its Terraform state on this machine; leave stateBucket out.',
    );
    for (const bad of ['Upper-Case', 'ab', 'a..b', 'xn--bucket', '-start']) {
      expect(() =>
        parse({
          name: 'prod',
          target: 'aws',
          region: 'eu-west-1',
          stateBucket: bad,
        }),
      ).toThrow(`"${bad}" is not an S3 bucket name`);
    }
  });

  // Bad names and missing fields are refused by the validating router from
  // the OpenAPI document (see schema/validation.test.ts).
  it('refuses a region on a local environment', () => {
    expect(() =>
      parse({ name: 'dev', target: 'local', region: 'eu-west-1' }),
    ).toThrow(
      'A local environment has no AWS region; leave region out (or set it to "local").',
    );
  });
});
