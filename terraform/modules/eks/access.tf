################################################################################
# Access entries for workloads outside the cluster (e.g. the platform backend
# that registers the cluster and applies the AWS Batch RBAC), each with its
# EKS access policies, and their network path to the private API endpoint.
################################################################################

locals {
  access_policy_associations = merge([
    for entry_key, entry in var.access_entries : {
      for policy_key, policy in entry.access_policies :
      "${entry_key}/${policy_key}" => merge(policy, { entry_key = entry_key })
    }
  ]...)
}

resource "aws_eks_access_entry" "this" {
  for_each = var.access_entries

  cluster_name      = aws_eks_cluster.this.name
  principal_arn     = each.value.principal_arn
  kubernetes_groups = length(each.value.kubernetes_groups) > 0 ? each.value.kubernetes_groups : null
  type              = "STANDARD"

  tags = var.tags
}

resource "aws_eks_access_policy_association" "this" {
  for_each = local.access_policy_associations

  cluster_name  = aws_eks_cluster.this.name
  principal_arn = aws_eks_access_entry.this[each.value.entry_key].principal_arn
  policy_arn    = each.value.policy_arn

  access_scope {
    type       = each.value.scope_type
    namespaces = each.value.scope_type == "namespace" ? each.value.namespaces : null
  }
}

# The API endpoint's network interfaces use the cluster security group; the
# listed clients (e.g. the web tier) may open HTTPS connections to it.
resource "aws_vpc_security_group_ingress_rule" "api_clients" {
  for_each = var.api_client_security_group_ids

  security_group_id            = aws_eks_cluster.this.vpc_config[0].cluster_security_group_id
  description                  = "Kubernetes API (private endpoint) from ${each.key}"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = each.value

  tags = var.tags
}
