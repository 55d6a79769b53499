variable "name" {
  description = "Name of the EKS cluster; also the prefix of its IAM roles, KMS alias, launch templates and node groups."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,38}[a-z0-9]$", var.name))
    error_message = "name must be 3-40 characters of lowercase letters, digits and hyphens, start with a letter and not end with a hyphen."
  }
}

variable "kubernetes_version" {
  description = "Kubernetes minor version of the control plane, e.g. \"1.32\"."
  type        = string
  default     = "1.32"

  validation {
    condition     = can(regex("^1\\.[0-9]{2}$", var.kubernetes_version))
    error_message = "kubernetes_version must look like \"1.32\"."
  }
}

variable "support_type" {
  description = "EKS upgrade policy: STANDARD (the cluster is upgraded when standard support ends) or EXTENDED (keeps the version, at six times the control-plane price)."
  type        = string
  default     = "STANDARD"

  validation {
    condition     = contains(["STANDARD", "EXTENDED"], var.support_type)
    error_message = "support_type must be STANDARD or EXTENDED."
  }
}

variable "subnet_ids" {
  description = "Private subnet IDs, in at least two availability zones, for the control-plane network interfaces and the managed node groups."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "EKS needs subnets in at least two availability zones."
  }
}

variable "endpoint_public_access" {
  description = "Expose the Kubernetes API endpoint to the internet as well (only to endpoint_public_access_cidrs). The private endpoint is always on."
  type        = bool
  default     = false
}

variable "endpoint_public_access_cidrs" {
  description = "CIDR blocks allowed to reach the public API endpoint when endpoint_public_access is true. Must be non-empty then; 0.0.0.0/0 is refused."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for cidr in var.endpoint_public_access_cidrs : can(cidrhost(cidr, 0)) && cidr != "0.0.0.0/0"])
    error_message = "endpoint_public_access_cidrs must be valid IPv4 CIDR blocks and must not contain 0.0.0.0/0."
  }

  validation {
    condition     = !var.endpoint_public_access || length(var.endpoint_public_access_cidrs) > 0
    error_message = "endpoint_public_access = true needs at least one CIDR in endpoint_public_access_cidrs."
  }
}

variable "cluster_log_types" {
  description = "Control-plane log types sent to CloudWatch Logs."
  type        = list(string)
  default     = ["api", "audit", "authenticator", "controllerManager", "scheduler"]

  validation {
    condition     = alltrue([for t in var.cluster_log_types : contains(["api", "audit", "authenticator", "controllerManager", "scheduler"], t)])
    error_message = "cluster_log_types may only contain api, audit, authenticator, controllerManager and scheduler."
  }
}

variable "cluster_log_retention_days" {
  description = "Retention in days of the control-plane log group."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.cluster_log_retention_days)
    error_message = "cluster_log_retention_days must be a retention period CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}

variable "kms_key_deletion_window_days" {
  description = "Waiting period before the secrets-encryption KMS key is deleted after a destroy."
  type        = number
  default     = 30

  validation {
    condition     = var.kms_key_deletion_window_days >= 7 && var.kms_key_deletion_window_days <= 30
    error_message = "kms_key_deletion_window_days must be between 7 and 30."
  }
}

variable "admin_principal_arns" {
  description = "IAM role or user ARNs given cluster-admin through EKS access entries (AmazonEKSClusterAdminPolicy). Needed to apply the Batch RBAC manifests."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.admin_principal_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(role|user)/.+$", arn))])
    error_message = "admin_principal_arns must be IAM role or user ARNs."
  }
}

variable "bootstrap_cluster_creator_admin" {
  description = "Give the principal that creates the cluster a cluster-admin access entry. Off by default: name admins in admin_principal_arns instead. Changing it replaces the cluster."
  type        = bool
  default     = false
}

variable "node_groups" {
  description = "Managed node groups, keyed by a short role name. They host the cluster's system pods (CoreDNS and the like); generator jobs run on nodes AWS Batch launches."
  type = map(object({
    instance_types = list(string)
    capacity_type  = optional(string, "ON_DEMAND")
    ami_type       = optional(string, "AL2023_x86_64_STANDARD")
    min_size       = number
    max_size       = number
    desired_size   = number
    disk_size_gb   = optional(number, 50)
    labels         = optional(map(string), {})
    taints = optional(list(object({
      key    = string
      value  = optional(string)
      effect = string
    })), [])
  }))
  default = {
    system = {
      instance_types = ["t3.large"]
      min_size       = 1
      max_size       = 3
      desired_size   = 2
    }
  }

  validation {
    condition     = length(var.node_groups) > 0
    error_message = "At least one node group is needed to run CoreDNS."
  }

  validation {
    condition     = alltrue([for k, g in var.node_groups : can(regex("^[a-z][a-z0-9-]{0,19}$", k))])
    error_message = "node_groups keys must be 1-20 characters of lowercase letters, digits and hyphens."
  }

  validation {
    condition     = alltrue([for g in var.node_groups : g.min_size >= 0 && g.min_size <= g.desired_size && g.desired_size <= g.max_size && g.max_size >= 1])
    error_message = "Each node group needs 0 <= min_size <= desired_size <= max_size and max_size >= 1."
  }

  validation {
    condition     = alltrue([for g in var.node_groups : contains(["ON_DEMAND", "SPOT"], g.capacity_type) && length(g.instance_types) > 0])
    error_message = "capacity_type must be ON_DEMAND or SPOT, and instance_types must not be empty."
  }
}

variable "addon_versions" {
  description = "Optional pinned versions of the managed add-ons, keyed by add-on name (vpc-cni, kube-proxy, coredns, eks-pod-identity-agent). Unset ones get EKS's default version for the cluster."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k in keys(var.addon_versions) : contains(["vpc-cni", "kube-proxy", "coredns", "eks-pod-identity-agent"], k)])
    error_message = "addon_versions keys must be vpc-cni, kube-proxy, coredns or eks-pod-identity-agent."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}

variable "access_entries" {
  description = "Extra EKS access entries, keyed by a static role name (e.g. backend): the IAM principal, optional Kubernetes groups, and the EKS access policies to associate (keyed by a static name; scope_type cluster or namespace)."
  type = map(object({
    principal_arn     = string
    kubernetes_groups = optional(list(string), [])
    access_policies = map(object({
      policy_arn = string
      scope_type = string
      namespaces = optional(list(string), [])
    }))
  }))
  default = {}

  validation {
    condition = alltrue(flatten([
      for entry in values(var.access_entries) : [
        for policy in values(entry.access_policies) :
        can(regex("^arn:aws[a-z-]*:eks::aws:cluster-access-policy/[A-Za-z]+$", policy.policy_arn)) &&
        contains(["cluster", "namespace"], policy.scope_type) &&
        (policy.scope_type == "cluster" ? length(policy.namespaces) == 0 : length(policy.namespaces) > 0)
      ]
    ]))
    error_message = "Each access policy needs an EKS cluster access policy ARN and scope_type cluster (no namespaces) or namespace (with namespaces)."
  }
}

variable "api_client_security_group_ids" {
  description = "Security groups allowed to reach the Kubernetes API's private endpoint on 443, keyed by a static label (e.g. web)."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for id in values(var.api_client_security_group_ids) : can(regex("^sg-[0-9a-f]+$", id))])
    error_message = "api_client_security_group_ids values must be security group IDs (sg-...)."
  }
}
