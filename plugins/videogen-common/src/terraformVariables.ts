/**
 * Which Terraform variables of an environment an ordinary provisioner may
 * set. Everything that decides who may reach or administer an environment
 * (principals, CIDRs, images, domains, certificates, security and
 * data-protection switches) is admin-only; sizes, counts and instance types
 * are not. The list is an allow-list: a variable not named here (a new one in
 * terraform/environments/*\/variables.tf) is admin-only until someone
 * classifies it.
 */

/**
 * Variables any provisioner may set: sizes, counts, instance types, versions
 * and tags (of the aws and local roots).
 * @public
 */
export const PROVISIONER_TERRAFORM_VARIABLES: ReadonlyArray<string> = [
  // aws: network and cluster sizing
  'az_count',
  'single_nat_gateway',
  'kubernetes_version',
  'node_instance_types',
  'node_capacity_type',
  'node_group_min_size',
  'node_group_max_size',
  'node_group_desired_size',
  // aws: the render workers
  'worker_vcpus',
  'worker_memory_mib',
  'batch_instance_types',
  'batch_compute_type',
  'batch_max_vcpus',
  // aws: the web tier
  'web_instance_type',
  'web_min_size',
  'web_max_size',
  'web_desired_capacity',
  // aws: database sizing and CDN price class
  'db_instance_class',
  'db_allocated_storage_gb',
  'db_multi_az',
  'db_backup_retention_days',
  'cloudfront_price_class',
  'tags',
  // local
  'queue_name',
];

/**
 * Variables known to be admin-only, with why: shown by the frontend and
 * named in the API's refusals. (Unlisted variables are admin-only too.)
 * @public
 */
export const ADMIN_ONLY_TERRAFORM_VARIABLES: Readonly<Record<string, string>> =
  {
    cluster_admin_principal_arns: 'grants cluster administration (principals)',
    cluster_creator_admin: 'grants cluster administration',
    backend_cluster_admin: 'grants cluster administration',
    cluster_endpoint_public_access_cidrs:
      'opens the cluster API to the internet (CIDRs)',
    vpc_cidr: 'network addressing (CIDRs)',
    web_image: 'decides the code the web tier runs (image)',
    worker_image: 'decides the code the workers run (image)',
    web_ami_id: 'decides the web hosts’ operating system image',
    restrict_alb_to_cloudfront: 'security switch: who may reach the web tier',
    allow_insecure_origin: 'security switch: plain HTTP to the origin',
    web_environment: 'configures the web tier (environment variables)',
    web_secrets: 'configures the web tier’s secrets',
    web_origin_domain_name: 'domain and certificates',
    web_certificate_arn: 'domain and certificates',
    domain_name: 'domain and certificates',
    route53_zone_id: 'domain and certificates',
    cloudfront_certificate_arn: 'domain and certificates',
    create_cognito: 'sign-in configuration',
    cognito_domain_prefix: 'sign-in configuration',
    oidc_metadata_url: 'sign-in configuration',
    oidc_client_id: 'sign-in configuration',
    db_deletion_protection: 'data protection switch',
    db_skip_final_snapshot: 'data protection switch',
    force_destroy_buckets: 'data protection switch',
    storage_access_logging: 'audit logging switch',
    eks_addon_versions: 'cluster add-ons',
    create_batch_service_linked_role: 'creates an IAM role',
  };

/**
 * Whether only administrators (`videogen.environment.variables.admin`) may
 * set this Terraform variable.
 * @public
 */
export function isAdminOnlyTerraformVariable(name: string): boolean {
  return !PROVISIONER_TERRAFORM_VARIABLES.includes(name);
}

/**
 * The variables of `variables` that only administrators may set, sorted.
 * @public
 */
export function adminOnlyTerraformVariables(
  variables: Record<string, unknown> | undefined,
): string[] {
  return Object.keys(variables ?? {})
    .filter(isAdminOnlyTerraformVariable)
    .sort();
}
