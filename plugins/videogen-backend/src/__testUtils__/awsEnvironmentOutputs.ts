import type { TestEnvironment } from '@videogen/iam-contract';

type TerraformOutput = {
  value: unknown;
  type: string | unknown[];
  sensitive: boolean;
};

/**
 * What `terraform output -json` of terraform/environments/aws prints for an
 * environment named and placed like a contract test environment, i.e. the
 * `outputs` the run engine stores after an apply. The names are those of
 * outputs.tf; resources are named as the policy templates are rendered for
 * the same environment (see @videogen/iam-contract `policyVariables`).
 */
export function awsEnvironmentOutputs(
  env: TestEnvironment,
): Record<string, TerraformOutput> {
  const { accountId, region, name } = env;
  const string = (value: string): TerraformOutput => ({
    value,
    type: 'string',
    sensitive: false,
  });
  const batchArn = (kind: string, resource: string) =>
    `arn:aws:batch:${region}:${accountId}:${kind}/${resource}`;
  return {
    environment_name: string(name),
    region: string(region),
    cluster_name: string(env.clusterName),
    cluster_arn: string(
      `arn:aws:eks:${region}:${accountId}:cluster/${env.clusterName}`,
    ),
    node_group_names: {
      value: [`${env.clusterName}-default`],
      type: ['list', 'string'],
      sensitive: false,
    },
    job_queue_arn: string(batchArn('job-queue', env.jobQueue)),
    job_queue_name: string(env.jobQueue),
    job_definition_arn: string(
      batchArn('job-definition', `${env.jobDefinition}:3`),
    ),
    job_definition_name: string(env.jobDefinition),
    job_definition_arn_prefix: string(
      batchArn('job-definition', env.jobDefinition),
    ),
    uploads_bucket: string(env.uploadsBucket),
    uploads_bucket_arn: string(`arn:aws:s3:::${env.uploadsBucket}`),
    videos_bucket: string(env.videosBucket),
    videos_bucket_arn: string(`arn:aws:s3:::${env.videosBucket}`),
    cloudfront_domain: string(`d-${name}.cloudfront.net`),
    public_url: string(`https://d-${name}.cloudfront.net`),
    load_balancer_dns_name: string(
      `${name}-web-123.${region}.elb.amazonaws.com`,
    ),
    database_endpoint: string(`${name}.abc.${region}.rds.amazonaws.com`),
    database_port: { value: 5432, type: 'number', sensitive: false },
    database_secret_arn: string(
      `arn:aws:secretsmanager:${region}:${accountId}:secret:rds!db-${name}-AbCdEf`,
    ),
    web_role_arn: string(`arn:aws:iam::${accountId}:role/videogen-${name}-web`),
    worker_role_arn: string(
      `arn:aws:iam::${accountId}:role/videogen-${name}-worker`,
    ),
    batch_kubernetes_namespace: string('videogen-jobs'),
    batch_kubernetes_prepared: { value: true, type: 'bool', sensitive: false },
  };
}
