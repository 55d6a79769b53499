import { ConfigReader } from '@backstage/config';
import { readStatusConfig } from './config';

describe('readStatusConfig', () => {
  it('caches AWS answers for 10 seconds by default', () => {
    expect(readStatusConfig(new ConfigReader({}))).toEqual({
      cacheTtlMs: 10_000,
      eksClusterName: undefined,
      stateStackName: undefined,
    });
  });

  it('reads the status keys', () => {
    expect(
      readStatusConfig(
        new ConfigReader({
          videogen: {
            status: {
              cacheTtl: { seconds: 3 },
              eks: { clusterName: 'c' },
              stateStack: { name: 's' },
            },
          },
        }),
      ),
    ).toEqual({ cacheTtlMs: 3000, eksClusterName: 'c', stateStackName: 's' });
  });

  it('refuses a duration it cannot read, naming the key', () => {
    expect(() =>
      readStatusConfig(
        new ConfigReader({ videogen: { status: { cacheTtl: 'soon' } } }),
      ),
    ).toThrow(/videogen.status.cacheTtl/);
  });
});
