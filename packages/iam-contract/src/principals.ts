import { Principal } from './evaluate';
import { renderPolicy } from './policies';
import { TestEnvironment } from './testEnvironment';

/**
 * The ARNs and names an environment's Terraform passes to the policy
 * templates, for a test environment (see terraform/policies/README.md).
 */
export function policyVariables(env: TestEnvironment): Record<string, string> {
  const { accountId, region } = env;
  return {
    partition: 'aws',
    region,
    account_id: accountId,
    uploads_bucket_arn: `arn:aws:s3:::${env.uploadsBucket}`,
    videos_bucket_arn: `arn:aws:s3:::${env.videosBucket}`,
    job_queue_arn: `arn:aws:batch:${region}:${accountId}:job-queue/${env.jobQueue}`,
    job_definition_arn_prefix: `arn:aws:batch:${region}:${accountId}:job-definition/${env.jobDefinition}`,
    cluster_arn: `arn:aws:eks:${region}:${accountId}:cluster/${env.clusterName}`,
    cluster_name: env.clusterName,
    database_secret_arn: `arn:aws:secretsmanager:${region}:${accountId}:secret:rds!db-${env.name}-AbCdEf`,
    secret_parameter_path: `/videogen/${env.name}/web`,
  };
}

/** The web tier's role: the platform backend (uploads, jobs, status). */
export function webPrincipal(env: TestEnvironment): Principal {
  return {
    name: 'web',
    arn: `arn:aws:iam::${env.accountId}:role/videogen-${env.name}-web`,
    accountId: env.accountId,
    policies: [renderPolicy('web', policyVariables(env))],
  };
}

/** The generator pods' role (EKS Pod Identity). */
export function workerPrincipal(env: TestEnvironment): Principal {
  return {
    name: 'worker',
    arn: `arn:aws:iam::${env.accountId}:role/videogen-${env.name}-worker`,
    accountId: env.accountId,
    policies: [renderPolicy('worker', policyVariables(env))],
  };
}

/**
 * The identity the platform backend runs as, for the Terraform state
 * bootstrap (CloudFormation) and removal of the state bucket.
 */
export function stateBootstrapPrincipal(options: {
  accountId: string;
  stackName: string;
  stateBucketPrefix: string;
}): Principal {
  return {
    name: 'state-bootstrap',
    arn: `arn:aws:iam::${options.accountId}:role/videogen-platform-backend`,
    accountId: options.accountId,
    policies: [
      renderPolicy('state-bootstrap', {
        partition: 'aws',
        account_id: options.accountId,
        stack_name: options.stackName,
        state_bucket_prefix: options.stateBucketPrefix,
      }),
    ],
  };
}
