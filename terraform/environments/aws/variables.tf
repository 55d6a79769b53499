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
  description = "Kubernetes version of the EKS cluster."
  type        = string
  default     = "1.32"
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
  description = "Extra non-secret environment variables of the web container."
  type        = map(string)
  default     = {}
}

variable "restrict_alb_to_cloudfront" {
  description = "Accept load balancer traffic only from CloudFront's origin-facing address ranges (managed prefix list) instead of from anywhere."
  type        = bool
  default     = true
}

variable "web_origin_domain_name" {
  description = "Optional name for the load balancer (e.g. origin.video.example.com) so CloudFront can reach it over HTTPS; needs web_certificate_arn and route53_zone_id."
  type        = string
  default     = null
}

variable "web_certificate_arn" {
  description = "Optional regional ACM certificate covering web_origin_domain_name, for an HTTPS listener on the load balancer."
  type        = string
  default     = null
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
  description = "Protect the database from deletion (set false, apply, then destroy)."
  type        = bool
  default     = true
}

variable "db_skip_final_snapshot" {
  description = "Delete the database without a final snapshot."
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
  description = "Let destroy delete non-empty buckets (throw-away environments only)."
  type        = bool
  default     = false
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
