data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

# CloudFront's origin-facing address ranges, to keep the load balancer
# unreachable except through the distribution.
data "aws_ec2_managed_prefix_list" "cloudfront" {
  count = var.restrict_alb_to_cloudfront ? 1 : 0

  name = "com.amazonaws.global.cloudfront.origin-facing"
}

locals {
  partition  = data.aws_partition.current.partition
  account_id = data.aws_caller_identity.current.account_id

  # For names that are global to the account (CloudFront OAC).
  regional_name = "${var.name}-${var.region}"

  tags = merge(var.tags, {
    Environment = var.name
    Application = "videogen"
    ManagedBy   = "terraform"
  })

  # HTTPS between CloudFront and the load balancer: a name for the load
  # balancer and a certificate for it (given, or issued in the zone).
  web_https             = var.web_origin_domain_name != null && (var.web_certificate_arn != null || var.route53_zone_id != null)
  web_issue_certificate = local.web_https && var.web_certificate_arn == null

  # SSM is regional: one path per environment name is unique in its region.
  web_secret_parameter_path = "/videogen/${var.name}/web"
}

module "network" {
  source = "../../modules/network"

  name               = var.name
  cidr_block         = var.vpc_cidr
  az_count           = var.az_count
  single_nat_gateway = var.single_nat_gateway
}

module "eks" {
  source = "../../modules/eks"

  name               = var.name
  kubernetes_version = var.kubernetes_version
  subnet_ids         = module.network.private_subnet_ids

  endpoint_public_access       = length(var.cluster_endpoint_public_access_cidrs) > 0
  endpoint_public_access_cidrs = var.cluster_endpoint_public_access_cidrs

  admin_principal_arns            = var.cluster_admin_principal_arns
  bootstrap_cluster_creator_admin = var.cluster_creator_admin
  addon_versions                  = var.eks_addon_versions

  # The platform backend (on the web tier) reads the cluster for the
  # Kubernetes plugin and applies the Batch namespace and RBAC: an access
  # entry (policies in terraform/policies/web-eks-access.json.tftpl) and a
  # network path to the private API endpoint.
  access_entries = {
    backend = {
      principal_arn     = module.web.instance_role_arn
      kubernetes_groups = local.web_eks_access.kubernetesGroups
      access_policies   = local.web_eks_access_policies
    }
  }
  api_client_security_group_ids = {
    web = module.web.instance_security_group_id
  }

  node_groups = {
    system = {
      instance_types = var.node_instance_types
      capacity_type  = var.node_capacity_type
      min_size       = var.node_group_min_size
      max_size       = var.node_group_max_size
      desired_size   = var.node_group_desired_size
    }
  }
}

module "storage" {
  source = "../../modules/storage"

  name                         = var.name
  force_destroy                = var.force_destroy_buckets
  access_logging               = var.storage_access_logging
  cloudfront_distribution_arns = [module.cdn.distribution_arn]

  # Browsers upload photos and scripts straight to the uploads bucket
  # (presigned PUTs), from the app's own public URL only.
  upload_cors_allowed_origins = [module.cdn.url]
}

module "batch" {
  source = "../../modules/batch"

  name                       = var.name
  cluster_name               = module.eks.cluster_name
  cluster_arn                = module.eks.cluster_arn
  cluster_security_group_id  = module.eks.cluster_security_group_id
  subnet_ids                 = module.network.private_subnet_ids
  create_service_linked_role = var.create_batch_service_linked_role

  worker_image      = var.worker_image
  worker_vcpus      = var.worker_vcpus
  worker_memory_mib = var.worker_memory_mib
  compute_type      = var.batch_compute_type
  instance_types    = var.batch_instance_types
  max_vcpus         = var.batch_max_vcpus

  uploads_bucket_name = module.storage.uploads_bucket
  videos_bucket_name  = module.storage.videos_bucket
  storage_kms_key_arn = module.storage.kms_key_arn

  kubernetes_prepared = var.batch_kubernetes_prepared
}

module "database" {
  source = "../../modules/database"

  name                  = var.name
  vpc_id                = module.network.vpc_id
  subnet_ids            = module.network.private_subnet_ids
  instance_class        = var.db_instance_class
  allocated_storage_gb  = var.db_allocated_storage_gb
  multi_az              = var.db_multi_az
  deletion_protection   = var.db_deletion_protection
  skip_final_snapshot   = var.db_skip_final_snapshot
  backup_retention_days = var.db_backup_retention_days

  # The web tier (Backstage) and the cluster's nodes, nothing else.
  allowed_security_group_ids = {
    web     = module.web.instance_security_group_id
    cluster = module.eks.cluster_security_group_id
  }
}

module "web" {
  source = "../../modules/web"

  name               = var.name
  vpc_id             = module.network.vpc_id
  vpc_cidr_block     = module.network.vpc_cidr_block
  public_subnet_ids  = module.network.public_subnet_ids
  private_subnet_ids = module.network.private_subnet_ids

  container_image       = var.web_image
  ami_id                = var.web_ami_id
  database_secret_arn   = module.database.master_user_secret_arn
  secret_environment    = merge(var.web_secrets, local.oidc_secrets)
  secret_parameter_path = local.web_secret_parameter_path
  container_environment = merge(
    {
      POSTGRES_HOST            = module.database.endpoint
      POSTGRES_PORT            = tostring(module.database.port)
      PGSSLMODE                = "require"
      VIDEOGEN_ENVIRONMENT     = var.name
      VIDEOGEN_UPLOADS_BUCKET  = module.storage.uploads_bucket
      VIDEOGEN_VIDEOS_BUCKET   = module.storage.videos_bucket
      VIDEOGEN_JOB_QUEUE       = module.batch.job_queue_expected_name
      VIDEOGEN_JOB_DEFINITION  = module.batch.job_definition_name
      VIDEOGEN_CLUSTER_NAME    = module.eks.cluster_name
      VIDEOGEN_PUBLIC_BASE_URL = module.cdn.url
      # CloudFront sends the origin's name as Host; the backend answers
      # only its configured hosts (backend.allowedHosts).
      VIDEOGEN_ORIGIN_HOST = module.web.origin_domain_name
    },
    local.oidc_environment,
    var.web_environment,
  )
  instance_policy_documents = {
    videogen-app = local.web_app_policy
  }
  # Session Manager is granted by web.json.tftpl instead: the managed
  # AmazonSSMManagedInstanceCore would allow ssm:GetParameters on every
  # parameter of the account, secrets of other environments included.
  instance_managed_policy_names = ["AmazonEC2ContainerRegistryPullOnly"]

  instance_type    = var.web_instance_type
  min_size         = var.web_min_size
  max_size         = var.web_max_size
  desired_capacity = var.web_desired_capacity

  certificate_arn             = local.web_https ? var.web_certificate_arn : null
  issue_certificate           = local.web_issue_certificate
  origin_domain_name          = local.web_https ? var.web_origin_domain_name : null
  route53_zone_id             = local.web_https ? var.route53_zone_id : null
  alb_ingress_cidr_blocks     = var.restrict_alb_to_cloudfront ? [] : ["0.0.0.0/0"]
  alb_ingress_prefix_list_ids = var.restrict_alb_to_cloudfront ? [data.aws_ec2_managed_prefix_list.cloudfront[0].id] : []
}

module "cdn" {
  source = "../../modules/cdn"

  providers = {
    aws = aws.us_east_1
  }

  name                               = local.regional_name
  videos_bucket_regional_domain_name = module.storage.videos_bucket_regional_domain_name
  web_origin_domain_name             = module.web.origin_domain_name
  web_origin_protocol_policy         = local.web_https ? "https-only" : "http-only"
  domain_name                        = var.domain_name
  route53_zone_id                    = var.route53_zone_id
  certificate_arn                    = var.cloudfront_certificate_arn
  price_class                        = var.cloudfront_price_class
}
