/**
 * One made-up AWS environment that contract tests configure our code with
 * AND render the Terraform policy templates with, so that a recorded call
 * and the policy it is checked against name the same resources.
 */
export type TestEnvironment = {
  accountId: string;
  region: string;
  name: string;
  uploadsBucket: string;
  videosBucket: string;
  jobQueue: string;
  jobDefinition: string;
  clusterName: string;
};

export function testEnvironment(
  overrides: Partial<TestEnvironment> = {},
): TestEnvironment {
  const name = overrides.name ?? 'contract-a';
  const region = overrides.region ?? 'eu-west-1';
  return {
    accountId: '111122223333',
    region,
    name,
    uploadsBucket: `videogen-${name}-${region}-uploads`,
    videosBucket: `videogen-${name}-${region}-videos`,
    jobQueue: `videogen-${name}-${region}`,
    jobDefinition: `videogen-${name}-${region}-generator`,
    clusterName: `videogen-${name}-${region}`,
    ...overrides,
  };
}
