# What the Backstage app on the web instances may do in AWS, and its access
# to the cluster. Both documents are rendered from terraform/policies, the one
# source that the platform's IAM contract tests render too (variables in
# terraform/policies/README.md).
locals {
  web_app_policy = templatefile("${path.module}/../../policies/web.json.tftpl", {
    partition                 = local.partition
    region                    = var.region
    account_id                = local.account_id
    uploads_bucket_arn        = module.storage.uploads_bucket_arn
    videos_bucket_arn         = module.storage.videos_bucket_arn
    job_queue_arn             = module.batch.job_queue_iam_arn
    job_definition_arn_prefix = module.batch.job_definition_arn_prefix
    cluster_arn               = module.eks.cluster_arn
    cluster_name              = module.eks.cluster_name
    database_secret_arn       = module.database.master_user_secret_arn
    secret_parameter_path     = local.web_secret_parameter_path
  })

  web_eks_access = jsondecode(templatefile("${path.module}/../../policies/web-eks-access.json.tftpl", {
    partition = local.partition
  }))

  # Cluster admin (for the namespace and cluster-scoped RBAC of AWS Batch)
  # only while backend_cluster_admin is on; the view policy always.
  web_eks_access_policies = {
    for policy in local.web_eks_access.accessPolicies : policy.key => {
      policy_arn = policy.policyArn
      scope_type = policy.accessScope.type
      namespaces = policy.accessScope.namespaces
    }
    if var.backend_cluster_admin || policy.key != "batch-setup"
  }
}
