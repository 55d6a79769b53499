import { grantedActions } from './policies';
import { policyVariables, webPrincipal, workerPrincipal } from './principals';
import { testEnvironment } from './testEnvironment';
import { renderPolicy } from './policies';

describe('policy templates rendered for a test environment', () => {
  const env = testEnvironment();

  it('renders every variable the web and worker templates use', () => {
    expect(webPrincipal(env).policies[0].Statement.length).toBeGreaterThan(0);
    expect(workerPrincipal(env).policies[0].Statement.length).toBeGreaterThan(
      0,
    );
  });

  it('names the variable a template needs when it is missing', () => {
    const { uploads_bucket_arn: _, ...rest } = policyVariables(env);
    expect(() => renderPolicy('worker', rest)).toThrow(
      'needs variables: uploads_bucket_arn',
    );
  });

  it('gives the worker no Batch, EKS or delete-uploads rights', () => {
    const actions = grantedActions(workerPrincipal(env).policies[0]);
    expect(actions.filter(a => /^(batch|eks):/.test(a))).toEqual([]);
    expect(actions).toContain('s3:ListBucket');
  });
});
