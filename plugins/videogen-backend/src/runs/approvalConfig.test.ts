import { ConfigReader } from '@backstage/config';
import { readAllowSelfApproval } from './approvalConfig';

describe('readAllowSelfApproval', () => {
  it('is off unless configured, and honoured in local mode only', () => {
    const read = (videogen: object) =>
      readAllowSelfApproval(new ConfigReader({ videogen }));
    expect(read({})).toBe(false);
    expect(read({ approval: { allowSelfApproval: true } })).toBe(true);
    expect(
      read({ mode: 'local', approval: { allowSelfApproval: false } }),
    ).toBe(false);
    expect(read({ mode: 'aws', approval: { allowSelfApproval: true } })).toBe(
      false,
    );
  });
});
