# Unit tests of the cdn module against a mocked AWS provider (us-east-1, as
# the module expects).

mock_provider "aws" {
  source = "../../tests/mocks/aws"
}

override_resource {
  target = aws_cloudfront_origin_access_control.videos
  values = { id = "E2OACMOCKMOCK" }
}

override_resource {
  target = aws_acm_certificate.this
  values = {
    arn = "arn:aws:acm:us-east-1:123456789012:certificate/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
    domain_validation_options = [
      {
        domain_name           = "video.example.com"
        resource_record_name  = "_0123abcd.video.example.com."
        resource_record_type  = "CNAME"
        resource_record_value = "_4567efgh.acm-validations.aws."
      },
    ]
  }
}

override_resource {
  target = aws_acm_certificate_validation.this
  values = { certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" }
}

variables {
  name                               = "vg-test-us-east-1"
  videos_bucket_regional_domain_name = "vg-test-videos-mock.s3.eu-west-1.amazonaws.com"
  web_origin_domain_name             = "vg-test-web-1234567890.eu-west-1.elb.amazonaws.com"
}

run "default_domain_with_origin_access_control" {
  assert {
    condition     = aws_cloudfront_origin_access_control.videos.origin_access_control_origin_type == "s3" && aws_cloudfront_origin_access_control.videos.signing_behavior == "always" && aws_cloudfront_origin_access_control.videos.signing_protocol == "sigv4"
    error_message = "The videos bucket must be read through an S3 Origin Access Control that signs every request."
  }

  assert {
    condition = one([
      for o in aws_cloudfront_distribution.this.origin : o
      if o.origin_id == "videos" && o.domain_name == var.videos_bucket_regional_domain_name && o.origin_access_control_id == aws_cloudfront_origin_access_control.videos.id && length(o.s3_origin_config) == 0 && length(o.custom_origin_config) == 0
    ]) != null
    error_message = "The videos origin must be the bucket, through OAC (no legacy OAI, no public website endpoint)."
  }

  assert {
    condition = one([
      for o in aws_cloudfront_distribution.this.origin : o
      if o.origin_id == "web" && o.domain_name == var.web_origin_domain_name && try(o.custom_origin_config[0].origin_protocol_policy == "http-only" && o.custom_origin_config[0].origin_ssl_protocols == toset(["TLSv1.2"]), false)
    ]) != null
    error_message = "The web origin must be the load balancer."
  }

  assert {
    condition     = aws_cloudfront_distribution.this.default_cache_behavior[0].target_origin_id == "web" && aws_cloudfront_distribution.this.default_cache_behavior[0].viewer_protocol_policy == "redirect-to-https" && aws_cloudfront_distribution.this.default_cache_behavior[0].cache_policy_id == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    error_message = "The app is served uncached from the web origin, with HTTP redirected to HTTPS."
  }

  assert {
    condition     = aws_cloudfront_distribution.this.ordered_cache_behavior[0].path_pattern == "videos/*" && aws_cloudfront_distribution.this.ordered_cache_behavior[0].target_origin_id == "videos" && aws_cloudfront_distribution.this.ordered_cache_behavior[0].allowed_methods == toset(["GET", "HEAD", "OPTIONS"])
    error_message = "videos/* must be served read-only from the videos bucket."
  }

  assert {
    condition     = alltrue([for b in concat(aws_cloudfront_distribution.this.default_cache_behavior, aws_cloudfront_distribution.this.ordered_cache_behavior) : b.viewer_protocol_policy == "redirect-to-https"])
    error_message = "Every cache behaviour must redirect HTTP to HTTPS."
  }

  assert {
    condition     = aws_cloudfront_distribution.this.viewer_certificate[0].cloudfront_default_certificate == true && length(aws_cloudfront_distribution.this.aliases) == 0 && length(aws_acm_certificate.this) == 0 && length(aws_route53_record.alias) == 0
    error_message = "Without a domain the distribution uses the CloudFront certificate and no DNS records."
  }

  assert {
    condition     = output.url == "https://d111111abcdef8.cloudfront.net" && output.certificate_arn == null
    error_message = "The URL must be the CloudFront domain over HTTPS."
  }
}

run "custom_domain_with_issued_certificate" {
  variables {
    domain_name     = "video.example.com"
    route53_zone_id = "Z0123456789ABCDEFGHIJ"
  }

  assert {
    condition     = aws_acm_certificate.this[0].domain_name == "video.example.com" && aws_acm_certificate.this[0].validation_method == "DNS"
    error_message = "A DNS-validated certificate must be requested for the domain."
  }

  assert {
    condition     = aws_route53_record.certificate_validation["video.example.com"].name == "_0123abcd.video.example.com." && aws_route53_record.certificate_validation["video.example.com"].type == "CNAME" && aws_route53_record.certificate_validation["video.example.com"].zone_id == var.route53_zone_id
    error_message = "The ACM validation record must be written to the zone."
  }

  assert {
    condition = (
      aws_cloudfront_distribution.this.viewer_certificate[0].acm_certificate_arn == "arn:aws:acm:us-east-1:123456789012:certificate/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" &&
      aws_cloudfront_distribution.this.viewer_certificate[0].minimum_protocol_version == "TLSv1.2_2021" &&
      aws_cloudfront_distribution.this.viewer_certificate[0].ssl_support_method == "sni-only" &&
      aws_cloudfront_distribution.this.aliases == toset(["video.example.com"])
    )
    error_message = "With a certificate the distribution must serve the domain with TLSv1.2_2021 at least."
  }

  assert {
    condition = alltrue([
      for type in ["A", "AAAA"] :
      aws_route53_record.alias[type].name == "video.example.com" && aws_route53_record.alias[type].alias[0].name == aws_cloudfront_distribution.this.domain_name && aws_route53_record.alias[type].alias[0].zone_id == aws_cloudfront_distribution.this.hosted_zone_id
    ])
    error_message = "The domain must get A and AAAA alias records to the distribution."
  }

  assert {
    condition     = output.url == "https://video.example.com"
    error_message = "The URL must be the custom domain."
  }
}

run "existing_certificate_and_https_origin" {
  command = plan

  variables {
    domain_name                = "video.example.com"
    certificate_arn            = "arn:aws:acm:us-east-1:123456789012:certificate/99999999-8888-7777-6666-555555555555"
    web_origin_protocol_policy = "https-only"
  }

  assert {
    condition     = length(aws_acm_certificate.this) == 0 && length(aws_route53_record.alias) == 0 && aws_cloudfront_distribution.this.viewer_certificate[0].acm_certificate_arn == var.certificate_arn && aws_cloudfront_distribution.this.viewer_certificate[0].minimum_protocol_version == "TLSv1.2_2021"
    error_message = "A given certificate must be used as is, without issuing another."
  }

  assert {
    condition     = one([for o in aws_cloudfront_distribution.this.origin : try(o.custom_origin_config[0].origin_protocol_policy, "") if o.origin_id == "web"]) == "https-only"
    error_message = "The web origin protocol must follow web_origin_protocol_policy."
  }
}

run "domain_without_certificate_is_refused" {
  command = plan

  variables {
    domain_name = "video.example.com"
  }

  expect_failures = [
    aws_cloudfront_distribution.this,
  ]
}

run "rejects_invalid_inputs" {
  command = plan

  variables {
    name                       = ""
    certificate_arn            = "arn:aws:acm:eu-west-1:123456789012:certificate/99999999-8888-7777-6666-555555555555"
    web_origin_protocol_policy = "match-viewer"
    domain_name                = "Not A Domain"
  }

  expect_failures = [
    var.name,
    var.certificate_arn,
    var.web_origin_protocol_policy,
    var.domain_name,
  ]
}
