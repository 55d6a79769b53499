output "cluster_name" {
  description = "Name of the EKS cluster."
  value       = aws_eks_cluster.this.name
}

output "cluster_arn" {
  description = "ARN of the EKS cluster."
  value       = aws_eks_cluster.this.arn
}

output "cluster_endpoint" {
  description = "URL of the Kubernetes API server (private unless endpoint_public_access is on)."
  value       = aws_eks_cluster.this.endpoint
}

output "cluster_certificate_authority_data" {
  description = "Base64-encoded certificate authority of the API server, for kubeconfig."
  value       = try(aws_eks_cluster.this.certificate_authority[0].data, null)
}

output "cluster_security_group_id" {
  description = "Security group EKS created for the control plane and managed nodes (all traffic allowed within the group). Batch-launched nodes join it too."
  value       = aws_eks_cluster.this.vpc_config[0].cluster_security_group_id
}

output "kubernetes_version" {
  description = "Kubernetes version of the control plane."
  value       = aws_eks_cluster.this.version
}

output "oidc_issuer_url" {
  description = "OIDC issuer URL of the cluster, for IRSA if a workload ever needs it (this stack uses Pod Identity)."
  value       = try(aws_eks_cluster.this.identity[0].oidc[0].issuer, null)
}

output "node_group_names" {
  description = "Names of the managed node groups."
  value       = [for key in sort(keys(aws_eks_node_group.this)) : aws_eks_node_group.this[key].node_group_name]
}

output "node_role_arn" {
  description = "ARN of the IAM role of the managed nodes."
  value       = aws_iam_role.node.arn
}

output "cluster_role_arn" {
  description = "ARN of the IAM role of the EKS control plane."
  value       = aws_iam_role.cluster.arn
}

output "kms_key_arn" {
  description = "ARN of the KMS key that envelope-encrypts Kubernetes secrets."
  value       = aws_kms_key.secrets.arn
}

output "log_group_name" {
  description = "CloudWatch log group receiving the control-plane logs."
  value       = aws_cloudwatch_log_group.cluster.name
}

output "launch_template_ids" {
  description = "Launch template ID per node group key."
  value       = { for key, lt in aws_launch_template.node : key => lt.id }
}

output "cluster_endpoint_public_access" {
  description = "Whether the API endpoint is reachable from the internet (only from the listed CIDRs)."
  value       = aws_eks_cluster.this.vpc_config[0].endpoint_public_access
}

output "access_policy_associations" {
  description = "EKS access policies associated through access_entries, keyed by <entry>/<policy>: policy ARN and scope."
  value = {
    for key, association in aws_eks_access_policy_association.this : key => {
      principal_arn = association.principal_arn
      policy_arn    = association.policy_arn
      scope_type    = association.access_scope[0].type
    }
  }
}
