output "distribution_id" {
  description = "ID of the CloudFront distribution (for invalidations)."
  value       = aws_cloudfront_distribution.this.id
}

output "distribution_arn" {
  description = "ARN of the distribution; the videos bucket policy grants it read access."
  value       = aws_cloudfront_distribution.this.arn
}

output "domain_name" {
  description = "CloudFront domain name of the distribution (dxxxx.cloudfront.net)."
  value       = aws_cloudfront_distribution.this.domain_name
}

output "hosted_zone_id" {
  description = "Route 53 zone ID of CloudFront, for alias records."
  value       = aws_cloudfront_distribution.this.hosted_zone_id
}

output "url" {
  description = "Public HTTPS URL of the platform: the custom domain when set, else the CloudFront domain."
  value       = "https://${local.custom_domain ? var.domain_name : aws_cloudfront_distribution.this.domain_name}"
}

output "certificate_arn" {
  description = "ACM certificate used by the distribution, or null with the default CloudFront certificate."
  value       = local.certificate_arn
}

output "origin_access_control_id" {
  description = "ID of the Origin Access Control used for the videos bucket."
  value       = aws_cloudfront_origin_access_control.videos.id
}

output "web_origin_protocol_policy" {
  description = "How CloudFront connects to the web tier (https-only or http-only)."
  value       = one([for o in aws_cloudfront_distribution.this.origin : o.custom_origin_config[0].origin_protocol_policy if o.origin_id == local.web_origin_id])
}
