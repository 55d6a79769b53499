import { ConfigReader } from '@backstage/config';
import { readAwsConfig } from './config';

describe('readAwsConfig', () => {
  it('reads the region and account, ignoring blanks', () => {
    expect(readAwsConfig(new ConfigReader({}))).toEqual({
      region: undefined,
      accountId: undefined,
    });
    expect(
      readAwsConfig(
        new ConfigReader({
          videogen: { aws: { region: 'eu-west-1', accountId: ' ' } },
        }),
      ),
    ).toEqual({ region: 'eu-west-1', accountId: undefined });
  });
});
