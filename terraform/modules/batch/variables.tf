variable "name" {
  description = "Environment name, used as a prefix for the compute environment, job queue, job definition and IAM roles."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 characters of lowercase letters, digits and hyphens, start with a letter and not end with a hyphen."
  }
}

variable "cluster_name" {
  description = "Name of the EKS cluster the jobs run on."
  type        = string
}

variable "cluster_arn" {
  description = "ARN of the EKS cluster the jobs run on."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:eks:[a-z0-9-]+:[0-9]{12}:cluster/.+$", var.cluster_arn))
    error_message = "cluster_arn must be an EKS cluster ARN."
  }
}

variable "cluster_security_group_id" {
  description = "The EKS cluster security group; Batch-launched nodes join it so they can reach the control plane and the other nodes."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnet IDs, in at least two availability zones, for the nodes AWS Batch launches."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "Give private subnets in at least two availability zones."
  }
}

variable "kubernetes_namespace" {
  description = "Kubernetes namespace AWS Batch places job pods in. Must match the applied manifests (output kubernetes_manifests)."
  type        = string
  default     = "videogen-batch"

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", var.kubernetes_namespace)) && length(var.kubernetes_namespace) < 64 && var.kubernetes_namespace != "default" && !startswith(var.kubernetes_namespace, "kube-")
    error_message = "kubernetes_namespace must be a DNS label under 64 characters, not \"default\" and not starting with \"kube-\"."
  }
}

variable "service_account_name" {
  description = "Kubernetes service account the worker pods run as; EKS Pod Identity maps it to the worker IAM role."
  type        = string
  default     = "videogen-worker"

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", var.service_account_name)) && length(var.service_account_name) <= 63
    error_message = "service_account_name must be a DNS label of at most 63 characters."
  }
}

variable "worker_image" {
  description = "Container image of the generator (the worker), e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/videogen-worker:1.2.3."
  type        = string

  validation {
    condition     = length(trimspace(var.worker_image)) > 0 && !can(regex("\\s", var.worker_image))
    error_message = "worker_image must be a non-empty image reference without whitespace."
  }
}

variable "worker_command" {
  description = "Entrypoint override of the worker container. Empty keeps the image's entrypoint."
  type        = list(string)
  default     = []
}

variable "worker_args" {
  description = "Default arguments of the worker container; SubmitJob usually overrides them per job."
  type        = list(string)
  default     = []
}

variable "worker_environment" {
  description = "Extra environment variables of the worker container (not secrets: they are visible in the job definition)."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k in keys(var.worker_environment) : !startswith(k, "AWS_BATCH")])
    error_message = "Environment variable names starting with AWS_BATCH are reserved by AWS Batch."
  }
}

variable "worker_vcpus" {
  description = "vCPUs requested by each job."
  type        = number
  default     = 1

  validation {
    condition     = var.worker_vcpus > 0
    error_message = "worker_vcpus must be positive."
  }
}

variable "worker_vcpus_limit" {
  description = "vCPU limit of each job; null uses worker_vcpus. Must be at least worker_vcpus."
  type        = number
  default     = null

  validation {
    condition     = var.worker_vcpus_limit == null || try(var.worker_vcpus_limit >= var.worker_vcpus, false)
    error_message = "worker_vcpus_limit must be at least worker_vcpus."
  }
}

variable "worker_memory_mib" {
  description = "Memory of each job in MiB. AWS Batch on EKS requires the memory request to equal the limit, so it is used for both."
  type        = number
  default     = 2048

  validation {
    condition     = var.worker_memory_mib >= 256 && floor(var.worker_memory_mib) == var.worker_memory_mib
    error_message = "worker_memory_mib must be a whole number of at least 256."
  }
}

variable "worker_scratch_size" {
  description = "Size limit of the emptyDir mounted at /tmp for the worker's intermediate files (the root filesystem is read-only)."
  type        = string
  default     = "10Gi"

  validation {
    condition     = can(regex("^[0-9]+(Mi|Gi)$", var.worker_scratch_size))
    error_message = "worker_scratch_size must look like 512Mi or 10Gi."
  }
}

variable "worker_run_as_user" {
  description = "Numeric UID (and GID) the worker container runs as. The container runs as non-root."
  type        = number
  default     = 1000

  validation {
    condition     = var.worker_run_as_user > 0
    error_message = "worker_run_as_user must not be 0 (root)."
  }
}

variable "worker_read_only_root_filesystem" {
  description = "Mount the worker's root filesystem read-only (it writes to /tmp only)."
  type        = bool
  default     = true
}

variable "job_attempts" {
  description = "Attempts per job for failures that are not the worker's own exit code (node lost, pod not started). A worker that exits non-zero is not retried: its output is deterministic."
  type        = number
  default     = 3

  validation {
    condition     = var.job_attempts >= 1 && var.job_attempts <= 10
    error_message = "job_attempts must be between 1 and 10."
  }
}

variable "job_timeout_seconds" {
  description = "Time limit of one job attempt, after which AWS Batch stops it."
  type        = number
  default     = 1800

  validation {
    condition     = var.job_timeout_seconds >= 60
    error_message = "job_timeout_seconds must be at least 60."
  }
}

variable "runnable_time_limit_seconds" {
  description = "Cancel a job that has been RUNNABLE this long because no instance type of the compute environment can ever fit it."
  type        = number
  default     = 1800

  validation {
    condition     = var.runnable_time_limit_seconds >= 600 && var.runnable_time_limit_seconds <= 86400
    error_message = "runnable_time_limit_seconds must be between 600 and 86400."
  }
}

variable "compute_type" {
  description = "Capacity of the Batch-managed nodes: EC2 (on-demand) or SPOT."
  type        = string
  default     = "EC2"

  validation {
    condition     = contains(["EC2", "SPOT"], var.compute_type)
    error_message = "compute_type must be EC2 or SPOT (Fargate is not available for EKS compute environments)."
  }
}

variable "instance_types" {
  description = "EC2 instance types AWS Batch may launch for jobs."
  type        = list(string)
  default     = ["c6i.large", "c6i.xlarge", "m6i.large"]

  validation {
    condition     = length(var.instance_types) > 0
    error_message = "instance_types must not be empty."
  }
}

variable "image_type" {
  description = "AMI family of the Batch-managed EKS nodes (ec2Configuration.imageType), e.g. EKS_AL2023."
  type        = string
  default     = "EKS_AL2023"
}

variable "max_vcpus" {
  description = "Upper bound of vCPUs the compute environment may run at once. It scales to zero when the queue is empty."
  type        = number
  default     = 16

  validation {
    condition     = var.max_vcpus >= 1
    error_message = "max_vcpus must be at least 1."
  }
}

variable "node_disk_size_gb" {
  description = "Root volume size of Batch-managed nodes in GiB (images and job scratch space)."
  type        = number
  default     = 50

  validation {
    condition     = var.node_disk_size_gb >= 20
    error_message = "node_disk_size_gb must be at least 20."
  }
}

variable "job_queue_priority" {
  description = "Priority of the job queue among queues sharing the compute environment (higher runs first)."
  type        = number
  default     = 1
}

variable "uploads_bucket_name" {
  description = "Bucket the worker reads photos and scripts from."
  type        = string
}

variable "videos_bucket_name" {
  description = "Bucket the worker writes videos, posters and result.json to."
  type        = string
}

variable "storage_kms_key_arn" {
  description = "KMS key of the buckets, when they use SSE-KMS; the worker gets decrypt/encrypt on it through S3 only. Null for SSE-S3."
  type        = string
  default     = null
}

variable "create_service_linked_role" {
  description = "Create the account's AWSServiceRoleForBatch service-linked role. Only one exists per account: leave false when Batch was used in the account before."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}

variable "kubernetes_prepared" {
  description = "True once the namespace, service account and RBAC of output kubernetes_manifests are applied in the cluster. The compute environment and job queue are created only then: AWS Batch validates them when it creates the compute environment."
  type        = bool
  default     = false
}
