################################################################################
# What the generator may do: read uploads, write videos, nothing else. Bound
# to the worker's service account through EKS Pod Identity.
################################################################################

resource "aws_iam_role" "worker" {
  name_prefix = "${local.iam_prefix}-worker-"
  description = "Video generator jobs (${var.kubernetes_namespace}/${var.service_account_name} on ${var.cluster_name})"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "WorkerServiceAccountOnly"
      Effect    = "Allow"
      Principal = { Service = "pods.eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
      Condition = {
        StringEquals = {
          "aws:RequestTag/eks-cluster-name"           = var.cluster_name
          "aws:RequestTag/kubernetes-namespace"       = var.kubernetes_namespace
          "aws:RequestTag/kubernetes-service-account" = var.service_account_name
        }
      }
    }]
  })

  tags = var.tags
}

# The policy documents come from terraform/policies, the one source that the
# platform's IAM contract tests render too (see terraform/policies/README.md).
resource "aws_iam_role_policy" "worker" {
  name = "read-uploads-write-videos"
  role = aws_iam_role.worker.id

  policy = templatefile("${path.module}/../../policies/worker.json.tftpl", {
    uploads_bucket_arn = local.uploads_bucket_arn
    videos_bucket_arn  = local.videos_bucket_arn
  })
}

resource "aws_iam_role_policy" "worker_storage_kms" {
  count = var.storage_kms_key_arn == null ? 0 : 1

  name = "use-storage-key-through-s3"
  role = aws_iam_role.worker.id

  policy = templatefile("${path.module}/../../policies/worker-storage-kms.json.tftpl", {
    storage_kms_key_arn = var.storage_kms_key_arn
    region              = data.aws_region.current.name
  })
}

resource "aws_eks_pod_identity_association" "worker" {
  cluster_name    = var.cluster_name
  namespace       = var.kubernetes_namespace
  service_account = var.service_account_name
  role_arn        = aws_iam_role.worker.arn

  tags = var.tags
}
