# What the Backstage app on the web instances may do in AWS: store uploads,
# read videos, submit and follow generator jobs, show the cluster's status.
locals {
  web_app_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "WriteAndReadUploads"
        Effect   = "Allow"
        Action   = ["s3:PutObject", "s3:GetObject"]
        Resource = "${module.storage.uploads_bucket_arn}/*"
      },
      {
        Sid      = "ReadVideos"
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = "${module.storage.videos_bucket_arn}/*"
      },
      {
        Sid      = "ListTheTwoBuckets"
        Effect   = "Allow"
        Action   = ["s3:ListBucket"]
        Resource = [module.storage.uploads_bucket_arn, module.storage.videos_bucket_arn]
      },
      {
        Sid      = "SubmitGeneratorJobs"
        Effect   = "Allow"
        Action   = ["batch:SubmitJob"]
        Resource = [module.batch.job_queue_arn, "${module.batch.job_definition_arn_prefix}:*"]
      },
      {
        Sid      = "CancelGeneratorJobs"
        Effect   = "Allow"
        Action   = ["batch:CancelJob", "batch:TerminateJob"]
        Resource = "arn:${local.partition}:batch:${var.region}:${local.account_id}:job/*"
      },
      {
        # These Batch read calls do not support resource-level permissions.
        Sid    = "FollowGeneratorJobs"
        Effect = "Allow"
        Action = [
          "batch:DescribeJobs",
          "batch:ListJobs",
          "batch:DescribeJobQueues",
          "batch:DescribeComputeEnvironments",
          "batch:DescribeJobDefinitions",
        ]
        Resource = "*"
      },
      {
        Sid    = "ShowClusterStatus"
        Effect = "Allow"
        Action = ["eks:DescribeCluster", "eks:ListNodegroups", "eks:DescribeNodegroup"]
        Resource = [
          module.eks.cluster_arn,
          "arn:${local.partition}:eks:${var.region}:${local.account_id}:nodegroup/${module.eks.cluster_name}/*",
        ]
      },
    ]
  })
}
