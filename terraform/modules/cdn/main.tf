# Everything here is global (CloudFront, Route 53) or must live in us-east-1
# (the ACM certificate of a distribution), so callers hand this module a
# us-east-1 provider: providers = { aws = aws.us_east_1 }.
data "aws_region" "current" {}

locals {
  custom_domain      = var.domain_name != null
  create_certificate = local.custom_domain && var.certificate_arn == null && var.route53_zone_id != null

  certificate_arn = (
    var.certificate_arn != null ? var.certificate_arn :
    local.create_certificate ? aws_acm_certificate_validation.this[0].certificate_arn :
    null
  )

  web_origin_id    = "web"
  videos_origin_id = "videos"

  # AWS-managed policies; the IDs are the same in every account.
  cache_policy_caching_disabled                = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  cache_policy_caching_optimized               = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  origin_request_policy_all_viewer_except_host = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
  response_headers_policy_security_headers     = "67f7725c-6f97-4210-82d7-5512b31e9d03"
}

################################################################################
# Optional certificate (us-east-1) validated through Route 53
################################################################################

resource "aws_acm_certificate" "this" {
  count = local.create_certificate ? 1 : 0

  domain_name       = var.domain_name
  validation_method = "DNS"

  tags = var.tags

  lifecycle {
    create_before_destroy = true

    precondition {
      condition     = data.aws_region.current.name == "us-east-1"
      error_message = "CloudFront only uses ACM certificates from us-east-1: pass this module a us-east-1 provider."
    }
  }
}

resource "aws_route53_record" "certificate_validation" {
  # Keyed by the (known) domain name so that the plan does not depend on the
  # validation options ACM only returns after creating the certificate.
  for_each = local.create_certificate ? toset([var.domain_name]) : toset([])

  zone_id         = var.route53_zone_id
  name            = { for o in aws_acm_certificate.this[0].domain_validation_options : o.domain_name => o.resource_record_name }[each.key]
  type            = { for o in aws_acm_certificate.this[0].domain_validation_options : o.domain_name => o.resource_record_type }[each.key]
  records         = [{ for o in aws_acm_certificate.this[0].domain_validation_options : o.domain_name => o.resource_record_value }[each.key]]
  ttl             = 300
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "this" {
  count = local.create_certificate ? 1 : 0

  certificate_arn         = aws_acm_certificate.this[0].arn
  validation_record_fqdns = [for record in aws_route53_record.certificate_validation : record.fqdn]
}

################################################################################
# Distribution: web tier by default, videos from the private bucket via OAC
################################################################################

resource "aws_cloudfront_origin_access_control" "videos" {
  name                              = "${var.name}-videos"
  description                       = "CloudFront reads the private videos bucket of ${var.name}"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_distribution" "this" {
  enabled         = true
  comment         = "Video generator ${var.name}"
  is_ipv6_enabled = true
  http_version    = "http2and3"
  price_class     = var.price_class
  aliases         = local.custom_domain ? [var.domain_name] : []
  web_acl_id      = var.web_acl_id

  origin {
    origin_id   = local.web_origin_id
    domain_name = var.web_origin_domain_name

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = var.web_origin_protocol_policy
      origin_ssl_protocols   = ["TLSv1.2"]
      origin_read_timeout    = 60
    }
  }

  origin {
    origin_id                = local.videos_origin_id
    domain_name              = var.videos_bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.videos.id
  }

  # The app: nothing cached, every viewer header but Host forwarded.
  default_cache_behavior {
    target_origin_id           = local.web_origin_id
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = local.cache_policy_caching_disabled
    origin_request_policy_id   = local.origin_request_policy_all_viewer_except_host
    response_headers_policy_id = local.response_headers_policy_security_headers
  }

  # Generated videos and posters: immutable, content-addressed, cached.
  ordered_cache_behavior {
    path_pattern               = var.videos_path_pattern
    target_origin_id           = local.videos_origin_id
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD", "OPTIONS"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = false
    cache_policy_id            = local.cache_policy_caching_optimized
    response_headers_policy_id = local.response_headers_policy_security_headers
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = local.custom_domain ? null : true
    acm_certificate_arn            = local.certificate_arn
    ssl_support_method             = local.custom_domain ? "sni-only" : null
    minimum_protocol_version       = local.custom_domain ? "TLSv1.2_2021" : null
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = !local.custom_domain || var.certificate_arn != null || var.route53_zone_id != null
      error_message = "domain_name needs a certificate: give certificate_arn (us-east-1) or route53_zone_id to have one issued."
    }
  }
}

################################################################################
# DNS alias for the custom domain
################################################################################

resource "aws_route53_record" "alias" {
  for_each = local.custom_domain && var.route53_zone_id != null ? toset(["A", "AAAA"]) : toset([])

  zone_id = var.route53_zone_id
  name    = var.domain_name
  type    = each.value

  alias {
    name                   = aws_cloudfront_distribution.this.domain_name
    zone_id                = aws_cloudfront_distribution.this.hosted_zone_id
    evaluate_target_health = false
  }
}
