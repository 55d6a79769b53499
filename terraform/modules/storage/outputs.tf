output "uploads_bucket" {
  description = "Name of the uploads bucket (photos and scripts)."
  value       = aws_s3_bucket.this["uploads"].bucket
}

output "uploads_bucket_arn" {
  description = "ARN of the uploads bucket."
  value       = aws_s3_bucket.this["uploads"].arn
}

output "videos_bucket" {
  description = "Name of the videos bucket (MP4s, posters, result.json)."
  value       = aws_s3_bucket.this["videos"].bucket
}

output "videos_bucket_arn" {
  description = "ARN of the videos bucket."
  value       = aws_s3_bucket.this["videos"].arn
}

output "videos_bucket_regional_domain_name" {
  description = "Regional domain name of the videos bucket, the CloudFront origin."
  value       = aws_s3_bucket.this["videos"].bucket_regional_domain_name
}

output "log_bucket" {
  description = "Name of the access log bucket, or null when access_logging is off."
  value       = var.access_logging ? aws_s3_bucket.this["logs"].bucket : null
}

output "kms_key_arn" {
  description = "KMS key of the uploads and videos buckets, or null when they use SSE-S3."
  value       = var.kms_key_arn
}

output "force_destroy" {
  description = "Whether terraform destroy deletes the buckets with every object version in them."
  value       = alltrue([for bucket in aws_s3_bucket.this : bucket.force_destroy])
}

output "direct_upload_cors_origins" {
  description = "Origins allowed to PUT direct uploads to the uploads bucket (its CORS rule), empty when there is none."
  value       = flatten([for cors in aws_s3_bucket_cors_configuration.uploads : [for rule in cors.cors_rule : rule.allowed_origins]])
}

output "incoming_upload_expiration" {
  description = "Where direct uploads arrive in the uploads bucket and after how many days an abandoned one expires (its lifecycle rule)."
  value = one([
    for rule in aws_s3_bucket_lifecycle_configuration.this["uploads"].rule : {
      prefix                                 = rule.filter[0].prefix
      days                                   = rule.expiration[0].days
      abort_incomplete_multipart_upload_days = rule.abort_incomplete_multipart_upload[0].days_after_initiation
    } if rule.id == "expire-incoming-direct-uploads" && rule.status == "Enabled"
  ])
}
