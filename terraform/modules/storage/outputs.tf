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
