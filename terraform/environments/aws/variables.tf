################################################################################
# Environment
################################################################################

variable "name" {
  description = "Environment name (e.g. videogen-prod). Prefix of every resource; the same name may be applied in several regions."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name)) && !strcontains(var.name, "--")
    error_message = "name must be 3-32 characters of lowercase letters, digits and single hyphens, start with a letter and not end with a hyphen."
  }
}

variable "region" {
  description = "AWS region of this environment (one state per region)."
  type        = string

  validation {
    condition     = can(regex("^(us|eu|ap|sa|ca|me|af|il|mx|cn)-(gov-)?(north|south|east|west|central|northeast|northwest|southeast|southwest)-[1-9]$", var.region))
    error_message = "region must be an AWS region name such as us-east-1 or eu-west-1."
  }
}

variable "tags" {
  description = "Extra tags for every resource (Environment, Application and ManagedBy are always set)."
  type        = map(string)
  default     = {}
}

################################################################################
# Network
################################################################################

variable "az_count" {
  description = "Number of availability zones (each gets a public and a private subnet)."
  type        = number
  default     = 2

  validation {
    condition     = var.az_count >= 2 && var.az_count <= 6 && floor(var.az_count) == var.az_count
    error_message = "az_count must be a whole number between 2 and 6."
  }
}

variable "vpc_cidr" {
  description = "IPv4 CIDR of the VPC (/16 to /20)."
  type        = string
  default     = "10.0.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0))
    error_message = "vpc_cidr must be a valid IPv4 CIDR block."
  }
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all zones instead of one per zone (cheaper, less resilient)."
  type        = bool
  default     = false
}

################################################################################
# EKS
################################################################################

variable "kubernetes_version" {
  description = "Kubernetes version of the EKS cluster. Changing it needs matching eks_addon_versions."
  type        = string
  default     = "1.32"
}

variable "eks_addon_versions" {
  description = "Pinned versions of the EKS managed add-ons, for kubernetes_version (so plans and drift checks do not follow EKS's moving default). List the versions of one add-on with: aws eks describe-addon-versions --kubernetes-version 1.32 --addon-name vpc-cni --query 'addons[].addonVersions[].addonVersion'"
  type        = map(string)
  default = {
    "vpc-cni"                = "v1.19.2-eksbuild.1"
    "kube-proxy"             = "v1.32.0-eksbuild.2"
    "coredns"                = "v1.11.4-eksbuild.2"
    "eks-pod-identity-agent" = "v1.3.4-eksbuild.1"
  }

  validation {
    condition     = alltrue([for k in keys(var.eks_addon_versions) : contains(["vpc-cni", "kube-proxy", "coredns", "eks-pod-identity-agent"], k)])
    error_message = "eks_addon_versions keys must be vpc-cni, kube-proxy, coredns or eks-pod-identity-agent."
  }

  validation {
    condition     = !contains(keys(var.eks_addon_versions), "kube-proxy") || startswith(lookup(var.eks_addon_versions, "kube-proxy", ""), "v${var.kubernetes_version}.")
    error_message = "The kube-proxy add-on version must match kubernetes_version (v<kubernetes_version>.x-eksbuild.y): update eks_addon_versions with the Kubernetes version."
  }
}

variable "cluster_endpoint_public_access_cidrs" {
  description = "CIDR blocks allowed to reach the Kubernetes API from the internet. Empty (default) keeps the endpoint private."
  type        = list(string)
  default     = []
}

variable "cluster_admin_principal_arns" {
  description = "IAM roles/users given cluster-admin through EKS access entries (who applies the Batch RBAC manifests). Can be changed at any time."
  type        = list(string)
  default     = []
}

variable "cluster_creator_admin" {
  description = "Also make the principal that creates the cluster (the run engine's role) cluster-admin. Read only at creation: changing it replaces the cluster."
  type        = bool
  default     = false
}

variable "node_instance_types" {
  description = "Instance types of the managed node group (system pods)."
  type        = list(string)
  default     = ["t3.large"]
}

variable "node_capacity_type" {
  description = "ON_DEMAND or SPOT for the managed node group."
  type        = string
  default     = "ON_DEMAND"
}

variable "node_group_min_size" {
  description = "Minimum size of the managed node group."
  type        = number
  default     = 1
}

variable "node_group_max_size" {
  description = "Maximum size of the managed node group."
  type        = number
  default     = 3
}

variable "node_group_desired_size" {
  description = "Initial size of the managed node group."
  type        = number
  default     = 2
}

################################################################################
# Batch (generator)
################################################################################

variable "batch_kubernetes_prepared" {
  description = "Set by the run engine: true once the Batch namespace and RBAC (output batch_kubernetes_manifests) are applied in the cluster. The Batch compute environment and job queue are created only then, because AWS Batch validates them when it creates the compute environment. First provision: apply with false, apply the manifests, apply with true."
  type        = bool
  default     = false
}

variable "backend_cluster_admin" {
  description = "Give the web (backend) role AmazonEKSClusterAdminPolicy, cluster-wide, so the platform can apply the Batch namespace and cluster-scoped RBAC. Without it the role keeps AmazonEKSViewPolicy only; turn it off once the manifests are applied if nobody changes them from the platform."
  type        = bool
  default     = true
}

variable "worker_image" {
  description = "Container image of the generator (worker) run by AWS Batch."
  type        = string

  validation {
    condition     = length(trimspace(var.worker_image)) > 0
    error_message = "worker_image must not be empty."
  }
}

variable "worker_vcpus" {
  description = "vCPUs per generator job."
  type        = number
  default     = 1
}

variable "worker_memory_mib" {
  description = "Memory per generator job in MiB."
  type        = number
  default     = 2048
}

variable "batch_instance_types" {
  description = "Instance types AWS Batch may launch for generator jobs."
  type        = list(string)
  default     = ["c6i.large", "c6i.xlarge", "m6i.large"]
}

variable "batch_compute_type" {
  description = "EC2 (on-demand) or SPOT capacity for generator jobs."
  type        = string
  default     = "EC2"
}

variable "batch_max_vcpus" {
  description = "Upper bound of vCPUs running generator jobs at once."
  type        = number
  default     = 16
}

variable "create_batch_service_linked_role" {
  description = "Create the account-wide AWSServiceRoleForBatch role (only if Batch was never used in the account)."
  type        = bool
  default     = false
}

################################################################################
# Web tier
################################################################################

variable "web_image" {
  description = "Container image of the web tier (the Backstage app)."
  type        = string

  validation {
    condition     = length(trimspace(var.web_image)) > 0
    error_message = "web_image must not be empty."
  }
}

variable "web_instance_type" {
  description = "Instance type of the web tier."
  type        = string
  default     = "t3.small"
}

variable "web_min_size" {
  description = "Minimum number of web instances."
  type        = number
  default     = 1
}

variable "web_max_size" {
  description = "Maximum number of web instances."
  type        = number
  default     = 3
}

variable "web_desired_capacity" {
  description = "Initial number of web instances."
  type        = number
  default     = 1
}

variable "web_environment" {
  description = "Extra non-secret environment variables of the web container (they end up in EC2 user data). Secrets go in web_secrets."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k in keys(var.web_environment) : !can(regex("(?i)(SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE_KEY|ACCESS_KEY|CREDENTIAL)", k))])
    error_message = "web_environment is written into EC2 user data: names that look secret (SECRET, PASSWORD, TOKEN, PRIVATE_KEY, ACCESS_KEY, CREDENTIAL) belong in web_secrets."
  }
}

variable "restrict_alb_to_cloudfront" {
  description = "Accept load balancer traffic only from CloudFront's origin-facing address ranges (managed prefix list) instead of from anywhere."
  type        = bool
  default     = true
}

variable "web_origin_domain_name" {
  description = "Name of the load balancer that CloudFront connects to over HTTPS (e.g. videogen-prod-eu-west-1.origin.example.com), covered by web_certificate_arn or, without one, by a certificate issued and validated in route53_zone_id. With route53_zone_id the alias record is created; otherwise point a CNAME at output load_balancer_dns_name yourself. Required unless allow_insecure_origin."
  type        = string
  default     = null

  validation {
    condition     = var.web_origin_domain_name == null || can(regex("^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$", var.web_origin_domain_name))
    error_message = "web_origin_domain_name must be a lowercase fully qualified domain name."
  }

  validation {
    condition     = var.allow_insecure_origin || (var.web_origin_domain_name != null && (var.web_certificate_arn != null || var.route53_zone_id != null))
    error_message = "CloudFront reaches the load balancer over HTTPS: set web_origin_domain_name and either web_certificate_arn (a regional ACM certificate for that name) or route53_zone_id (one is issued). Only for a throw-away environment, set allow_insecure_origin = true to keep plain HTTP between CloudFront and the load balancer."
  }
}

variable "web_certificate_arn" {
  description = "Regional ACM certificate (in var.region) covering web_origin_domain_name, for the load balancer's HTTPS listener. Null with route53_zone_id set: one is requested and validated by DNS."
  type        = string
  default     = null

  validation {
    condition     = var.web_certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", var.web_certificate_arn))
    error_message = "web_certificate_arn must be an ACM certificate ARN."
  }
}

variable "allow_insecure_origin" {
  description = "Accept plain HTTP between CloudFront and the load balancer (no origin certificate). Viewers still get HTTPS from CloudFront, but the origin hop crosses the internet unencrypted: throw-away environments only."
  type        = bool
  default     = false
}

variable "web_ami_id" {
  description = "AMI of the web instances (Amazon Linux 2023, x86_64). Null takes the latest one from the public SSM parameter at the first apply and keeps it in state. Pick one with: aws ssm get-parameter --region <region> --name /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64 --query Parameter.Value --output text"
  type        = string
  default     = null

  validation {
    condition     = var.web_ami_id == null || can(regex("^ami-[0-9a-f]{8,17}$", var.web_ami_id))
    error_message = "web_ami_id must be an AMI ID (ami-...)."
  }
}

variable "web_secrets" {
  description = "Secret environment variables of the web container (e.g. AUTH_GITHUB_CLIENT_SECRET), stored as SSM SecureString parameters /videogen/<name>/web/<NAME>. User data carries only the names; the instance reads the values at every container start. Pass as a secret variable (TF_VAR_web_secrets), never in web_environment."
  type        = map(string)
  default     = {}
  sensitive   = true
  nullable    = false

  validation {
    condition     = alltrue([for k in keys(var.web_secrets) : can(regex("^[A-Za-z_][A-Za-z0-9_]*$", k))])
    error_message = "web_secrets keys must be valid environment variable names."
  }
}

################################################################################
# Database
################################################################################

variable "db_instance_class" {
  description = "RDS instance class."
  type        = string
  default     = "db.t4g.micro"
}

variable "db_allocated_storage_gb" {
  description = "Initial RDS storage in GiB."
  type        = number
  default     = 20
}

variable "db_multi_az" {
  description = "Run RDS with a standby in a second zone."
  type        = bool
  default     = false
}

variable "db_deletion_protection" {
  description = "Refuse to delete the database. Off by default so that teardown works; the final snapshot keeps the data. Turn on for long-lived production (then set false and apply before destroying)."
  type        = bool
  default     = false
}

variable "db_skip_final_snapshot" {
  description = "Delete the database without a final snapshot. By default a snapshot <name>-final-<creation time> is taken (unique per provision/destroy cycle) and kept after destroy."
  type        = bool
  default     = false
}

variable "db_backup_retention_days" {
  description = "Days of automated RDS backups."
  type        = number
  default     = 7
}

################################################################################
# Storage and CDN
################################################################################

variable "force_destroy_buckets" {
  description = "Let destroy delete the buckets with every object version in them. On by default: videos are regenerable from uploads and scripts, and uploads belong to the environment being torn down. Set false to make destroy fail on non-empty buckets."
  type        = bool
  default     = true
}

variable "storage_access_logging" {
  description = "Keep S3 server access logs of the uploads and videos buckets in a log bucket."
  type        = bool
  default     = false
}

variable "domain_name" {
  description = "Optional public domain name of the platform (CloudFront alias), e.g. video.example.com."
  type        = string
  default     = null
}

variable "route53_zone_id" {
  description = "Optional Route 53 hosted zone of domain_name: alias records and certificate validation go there."
  type        = string
  default     = null
}

variable "cloudfront_certificate_arn" {
  description = "Optional existing us-east-1 ACM certificate for domain_name; without it one is issued when route53_zone_id is set."
  type        = string
  default     = null
}

variable "cloudfront_price_class" {
  description = "CloudFront price class."
  type        = string
  default     = "PriceClass_100"
}

variable "create_cognito" {
  description = "Create an Amazon Cognito user pool, hosted-UI domain and app client for sign-in with OpenID Connect. False to use another OIDC issuer: set oidc_metadata_url and oidc_client_id, and pass its client secret as web_secrets.AUTH_OIDC_CLIENT_SECRET."
  type        = bool
  default     = true
  nullable    = false
}

variable "cognito_domain_prefix" {
  description = "Prefix of the Cognito hosted-UI domain (<prefix>.auth.<region>.amazoncognito.com), unique in the region across all accounts. Null: videogen-<name>-<account id>."
  type        = string
  default     = null

  validation {
    condition     = var.cognito_domain_prefix == null || can(regex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", var.cognito_domain_prefix))
    error_message = "cognito_domain_prefix must be 1-63 lowercase letters, digits and hyphens, not starting or ending with a hyphen."
  }
}

variable "oidc_metadata_url" {
  description = "Discovery document URL (…/.well-known/openid-configuration) of the OIDC issuer when create_cognito is false."
  type        = string
  default     = null

  validation {
    condition     = var.oidc_metadata_url == null || startswith(coalesce(var.oidc_metadata_url, "-"), "https://")
    error_message = "oidc_metadata_url must be an https:// URL."
  }
}

variable "oidc_client_id" {
  description = "Client ID registered with the OIDC issuer when create_cognito is false (its callback URL: <public_url>/api/auth/oidc/handler/frame)."
  type        = string
  default     = null
}
