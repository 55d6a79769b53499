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

resource "aws_iam_role_policy" "worker" {
  name = "read-uploads-write-videos"
  role = aws_iam_role.worker.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid      = "ReadUploads"
          Effect   = "Allow"
          Action   = ["s3:GetObject"]
          Resource = "${local.uploads_bucket_arn}/*"
        },
        {
          Sid      = "WriteVideos"
          Effect   = "Allow"
          Action   = ["s3:PutObject"]
          Resource = "${local.videos_bucket_arn}/*"
        },
      ],
      var.storage_kms_key_arn == null ? [] : [
        {
          Sid      = "UseTheStorageKeyThroughS3"
          Effect   = "Allow"
          Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
          Resource = var.storage_kms_key_arn
          Condition = {
            StringEquals = { "kms:ViaService" = "s3.${data.aws_region.current.name}.amazonaws.com" }
          }
        },
      ],
    )
  })
}

resource "aws_eks_pod_identity_association" "worker" {
  cluster_name    = var.cluster_name
  namespace       = var.kubernetes_namespace
  service_account = var.service_account_name
  role_arn        = aws_iam_role.worker.arn

  tags = var.tags
}
