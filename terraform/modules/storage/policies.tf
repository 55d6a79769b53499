locals {
  # Every bucket refuses plain HTTP and TLS older than 1.2, for every principal.
  transport_statements = {
    for role, bucket in aws_s3_bucket.this : role => [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [bucket.arn, "${bucket.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
      {
        Sid       = "DenyOutdatedTls"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [bucket.arn, "${bucket.arn}/*"]
        Condition = { NumericLessThan = { "s3:TlsVersion" = "1.2" } }
      },
    ]
  }

  # CloudFront (Origin Access Control) may read videos for the listed
  # distributions only; nobody else gets anonymous access.
  cloudfront_statements = length(var.cloudfront_distribution_arns) == 0 ? [] : [
    {
      Sid       = "CloudFrontOriginAccessControlRead"
      Effect    = "Allow"
      Principal = { Service = "cloudfront.amazonaws.com" }
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.this["videos"].arn}/*"
      Condition = { StringEquals = { "AWS:SourceArn" = var.cloudfront_distribution_arns } }
    },
  ]

  log_delivery_statements = var.access_logging ? [
    {
      Sid       = "S3ServerAccessLogDelivery"
      Effect    = "Allow"
      Principal = { Service = "logging.s3.amazonaws.com" }
      Action    = "s3:PutObject"
      Resource  = "${aws_s3_bucket.this["logs"].arn}/*"
      Condition = {
        ArnLike = { "aws:SourceArn" = [for role in local.logged_roles : aws_s3_bucket.this[role].arn] }
      }
    },
  ] : []

  bucket_policies = {
    for role in local.roles : role => jsonencode({
      Version = "2012-10-17"
      Statement = concat(
        local.transport_statements[role],
        role == "videos" ? local.cloudfront_statements : [],
        role == "logs" ? local.log_delivery_statements : [],
      )
    })
  }
}
