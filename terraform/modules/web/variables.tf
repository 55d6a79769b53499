variable "name" {
  description = "Environment name; prefix of the load balancer, target group, security groups, launch template and Auto Scaling group."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 characters of lowercase letters, digits and hyphens, start with a letter and not end with a hyphen."
  }
}

variable "vpc_id" {
  description = "VPC of the load balancer and the instances."
  type        = string
}

variable "vpc_cidr_block" {
  description = "CIDR block of the VPC; instances may open PostgreSQL connections inside it only."
  type        = string

  validation {
    condition     = can(cidrhost(var.vpc_cidr_block, 0))
    error_message = "vpc_cidr_block must be a valid CIDR block."
  }
}

variable "public_subnet_ids" {
  description = "Public subnets (at least two zones) for the Application Load Balancer."
  type        = list(string)

  validation {
    condition     = length(var.public_subnet_ids) >= 2
    error_message = "An Application Load Balancer needs subnets in at least two availability zones."
  }
}

variable "private_subnet_ids" {
  description = "Private subnets (at least two zones) for the web instances."
  type        = list(string)

  validation {
    condition     = length(var.private_subnet_ids) >= 2
    error_message = "Give private subnets in at least two availability zones."
  }
}

variable "container_image" {
  description = "Container image of the web tier (the Backstage app), e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/videogen-backstage:1.2.3. ECR images are pulled with the instance role."
  type        = string

  validation {
    condition     = length(trimspace(var.container_image)) > 0 && !can(regex("\\s", var.container_image))
    error_message = "container_image must be a non-empty image reference without whitespace."
  }
}

variable "container_port" {
  description = "Port the app listens on inside the instance (the container uses the host network)."
  type        = number
  default     = 7007

  validation {
    condition     = var.container_port >= 1024 && var.container_port <= 65535
    error_message = "container_port must be an unprivileged port (1024-65535)."
  }
}

variable "container_environment" {
  description = "Non-secret environment variables of the app container (written to a root-only env file on the instance)."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k, v in var.container_environment : can(regex("^[A-Za-z_][A-Za-z0-9_]*$", k)) && !strcontains(v, "\n")])
    error_message = "container_environment keys must be valid variable names and values must be single lines."
  }
}

variable "database_secret_arn" {
  description = "ARN of the RDS-managed Secrets Manager secret; the instance reads it (and only it) at every container start into POSTGRES_USER and POSTGRES_PASSWORD."
  type        = string
  nullable    = false
}

variable "health_check_path" {
  description = "HTTP path the target group checks on the app."
  type        = string
  default     = "/.backstage/health/v1/readiness"

  validation {
    condition     = startswith(var.health_check_path, "/")
    error_message = "health_check_path must start with /."
  }
}

variable "instance_type" {
  description = "EC2 instance type of the web instances."
  type        = string
  default     = "t3.small"
}

variable "ami_id" {
  description = "AMI of the web instances (Amazon Linux 2023: the user data expects it). Null resolves ami_ssm_parameter once, at the first apply, and keeps that AMI in state; plans never follow the parameter afterwards."
  type        = string
  default     = null

  validation {
    condition     = var.ami_id == null || can(regex("^ami-[0-9a-f]{8,17}$", var.ami_id))
    error_message = "ami_id must be an AMI ID (ami-...)."
  }
}

variable "ami_ssm_parameter" {
  description = "Public SSM parameter that names the AMI when ami_id is null."
  type        = string
  default     = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
}

variable "root_volume_size_gb" {
  description = "Root volume size of the web instances in GiB."
  type        = number
  default     = 30

  validation {
    condition     = var.root_volume_size_gb >= 8
    error_message = "root_volume_size_gb must be at least 8."
  }
}

variable "min_size" {
  description = "Minimum number of web instances."
  type        = number
  default     = 1

  validation {
    condition     = var.min_size >= 0
    error_message = "min_size must not be negative."
  }
}

variable "max_size" {
  description = "Maximum number of web instances."
  type        = number
  default     = 3

  validation {
    condition     = var.max_size >= 1 && var.max_size >= var.min_size
    error_message = "max_size must be at least 1 and at least min_size."
  }
}

variable "desired_capacity" {
  description = "Initial number of web instances; target tracking moves it afterwards."
  type        = number
  default     = 1

  validation {
    condition     = var.desired_capacity >= var.min_size && var.desired_capacity <= var.max_size
    error_message = "desired_capacity must be between min_size and max_size."
  }
}

variable "target_cpu_utilization" {
  description = "Average CPU utilisation (percent) that target-tracking scaling keeps the group at."
  type        = number
  default     = 50

  validation {
    condition     = var.target_cpu_utilization > 0 && var.target_cpu_utilization < 100
    error_message = "target_cpu_utilization must be between 0 and 100."
  }
}

variable "certificate_arn" {
  description = "Regional ACM certificate for an HTTPS listener on 443. Null serves HTTP on 80 (for CloudFront origin traffic; viewers always get HTTPS from CloudFront)."
  type        = string
  default     = null

  validation {
    condition     = var.certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN."
  }
}

variable "ssl_policy" {
  description = "TLS policy of the HTTPS listener."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}

variable "alb_ingress_cidr_blocks" {
  description = "IPv4 CIDR blocks allowed to reach the load balancer listener."
  type        = list(string)
  default     = ["0.0.0.0/0"]

  validation {
    condition     = alltrue([for cidr in var.alb_ingress_cidr_blocks : can(cidrhost(cidr, 0))])
    error_message = "alb_ingress_cidr_blocks must be valid IPv4 CIDR blocks."
  }
}

variable "alb_ingress_prefix_list_ids" {
  description = "Managed prefix lists allowed to reach the load balancer listener, e.g. CloudFront's origin-facing list. Use instead of (or with) alb_ingress_cidr_blocks."
  type        = list(string)
  default     = []
}

variable "instance_policy_documents" {
  description = "Extra inline IAM policies (JSON) for the instance role, keyed by a static policy name: what the app itself may do in AWS."
  type        = map(string)
  default     = {}
}

variable "enable_deletion_protection" {
  description = "Protect the load balancer from deletion."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}

variable "origin_domain_name" {
  description = "Optional DNS name for the load balancer (e.g. origin.video.example.com), covered by certificate_arn, that CloudFront connects to over HTTPS. Needs route53_zone_id."
  type        = string
  default     = null
}

variable "route53_zone_id" {
  description = "Route 53 hosted zone in which to create origin_domain_name as an alias of the load balancer."
  type        = string
  default     = null
}

variable "issue_certificate" {
  description = "When certificate_arn is null: request a regional ACM certificate for origin_domain_name, validated by DNS in route53_zone_id, for the HTTPS listener."
  type        = bool
  default     = false
}

variable "instance_managed_policy_names" {
  description = "AWS-managed policies (names) attached to the instance role. AmazonSSMManagedInstanceCore allows ssm:GetParameters on every parameter: drop it when instance_policy_documents grants Session Manager itself."
  type        = list(string)
  default     = ["AmazonSSMManagedInstanceCore", "AmazonEC2ContainerRegistryPullOnly"]
}

variable "secret_environment" {
  description = "Secret environment variables of the app container (name => value). Stored as SSM SecureString parameters under secret_parameter_path; user data carries only their names and the instance reads them at every container start."
  type        = map(string)
  default     = {}
  sensitive   = true
  nullable    = false

  validation {
    condition     = alltrue([for k in keys(var.secret_environment) : can(regex("^[A-Za-z_][A-Za-z0-9_]*$", k))])
    error_message = "secret_environment keys must be valid environment variable names."
  }
}

variable "secret_parameter_path" {
  description = "SSM parameter path (starting with /, no trailing /) under which the secrets are stored, one parameter per name; the instance role needs ssm:GetParameters on <path>/* (and kms:Decrypt through SSM)."
  type        = string
  default     = "/videogen/web"

  validation {
    condition     = can(regex("^(/[A-Za-z0-9_.-]+)+$", var.secret_parameter_path))
    error_message = "secret_parameter_path must look like /videogen/<env>/web (no trailing slash)."
  }
}
