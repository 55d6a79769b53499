/**
 * IAM contract harness (tests only): record the AWS calls our code makes,
 * then evaluate each against the policy our Terraform writes for the
 * principal that makes it. Uses @cloud-copilot/iam-simulate (AGPL), which is
 * why this package is private and never a dependency of shipped code.
 */
export { callsOfMock, recordAwsCalls } from './recordAwsCalls';
export type { AwsCallRecorder } from './recordAwsCalls';
export { iamRequestsFor } from './iamRequests';
export type { AwsCall, IamRequest } from './iamRequests';
export {
  grantedActions,
  policiesDir,
  policyNames,
  renderPolicy,
} from './policies';
export type { PolicyDocument } from './policies';
export { deniedCalls, expectCallsAllowed } from './evaluate';
export type { Denial, Principal } from './evaluate';
export { testEnvironment } from './testEnvironment';
export type { TestEnvironment } from './testEnvironment';
export {
  policyVariables,
  stateBootstrapPrincipal,
  webPrincipal,
  workerPrincipal,
} from './principals';
