# Unit tests of the storage module against a mocked AWS provider.

mock_provider "aws" {
  source = "../../tests/mocks/aws"
}

override_resource {
  target = aws_s3_bucket.this["uploads"]
  values = {
    arn    = "arn:aws:s3:::vg-test-uploads-mock"
    bucket = "vg-test-uploads-mock"
  }
}

override_resource {
  target = aws_s3_bucket.this["videos"]
  values = {
    arn                         = "arn:aws:s3:::vg-test-videos-mock"
    bucket                      = "vg-test-videos-mock"
    bucket_regional_domain_name = "vg-test-videos-mock.s3.us-east-1.amazonaws.com"
  }
}

override_resource {
  target = aws_s3_bucket.this["logs"]
  values = {
    arn    = "arn:aws:s3:::vg-test-logs-mock"
    bucket = "vg-test-logs-mock"
  }
}

variables {
  name                         = "vg-test"
  access_logging               = true
  cloudfront_distribution_arns = ["arn:aws:cloudfront::123456789012:distribution/EDFDVBD6EXAMPLE"]
}

run "private_versioned_encrypted_buckets" {
  assert {
    condition     = toset(keys(aws_s3_bucket.this)) == toset(["uploads", "videos", "logs"])
    error_message = "Expected the uploads, videos and log buckets."
  }

  assert {
    condition = alltrue([
      for role, bucket in aws_s3_bucket.this :
      aws_s3_bucket_public_access_block.this[role].bucket == bucket.id &&
      aws_s3_bucket_public_access_block.this[role].block_public_acls &&
      aws_s3_bucket_public_access_block.this[role].block_public_policy &&
      aws_s3_bucket_public_access_block.this[role].ignore_public_acls &&
      aws_s3_bucket_public_access_block.this[role].restrict_public_buckets
    ])
    error_message = "Every bucket must block public access with all four settings."
  }

  assert {
    condition     = alltrue([for role, bucket in aws_s3_bucket.this : aws_s3_bucket_ownership_controls.this[role].rule[0].object_ownership == "BucketOwnerEnforced"])
    error_message = "Every bucket must disable ACLs (BucketOwnerEnforced)."
  }

  assert {
    condition     = alltrue([for role, bucket in aws_s3_bucket.this : aws_s3_bucket_versioning.this[role].versioning_configuration[0].status == "Enabled"])
    error_message = "Every bucket must be versioned."
  }

  assert {
    condition     = alltrue([for role, bucket in aws_s3_bucket.this : one(one(aws_s3_bucket_server_side_encryption_configuration.this[role].rule).apply_server_side_encryption_by_default).sse_algorithm == "AES256"])
    error_message = "Without a KMS key every bucket must use SSE-S3."
  }

  assert {
    condition = alltrue([
      for role, bucket in aws_s3_bucket.this : anytrue([
        for rule in aws_s3_bucket_lifecycle_configuration.this[role].rule :
        rule.status == "Enabled" && try(rule.abort_incomplete_multipart_upload[0].days_after_initiation, 0) == 7
      ])
    ])
    error_message = "Every bucket must abort incomplete multipart uploads."
  }

  assert {
    condition = length([
      for rule in aws_s3_bucket_lifecycle_configuration.this["uploads"].rule : rule
      if rule.id == "expire-temporary-uploads" && rule.status == "Enabled" && try(
        one(rule.filter).prefix == "uploads/tmp/" &&
        one(rule.expiration).days == 1 &&
        one(rule.noncurrent_version_expiration).noncurrent_days == 1 &&
        one(rule.abort_incomplete_multipart_upload).days_after_initiation == 1,
        false
      )
    ]) == 1
    error_message = "Staged uploads under uploads/tmp/ (and their unfinished multipart uploads) must expire after a day."
  }

  assert {
    condition     = alltrue([for rule in aws_s3_bucket_lifecycle_configuration.this["videos"].rule : rule.id != "expire-temporary-uploads"])
    error_message = "Only the uploads bucket stages temporary uploads."
  }

  assert {
    condition = length([
      for rule in aws_s3_bucket_lifecycle_configuration.this["uploads"].rule : rule
      if rule.id == "expire-incoming-direct-uploads" && rule.status == "Enabled" && try(
        one(rule.filter).prefix == "uploads/incoming/" &&
        one(rule.expiration).days == 1 &&
        one(rule.abort_incomplete_multipart_upload).days_after_initiation == 1,
        false
      )
    ]) == 1
    error_message = "Direct uploads never completed (uploads/incoming/, and their unfinished multipart uploads) must expire after a day."
  }

  assert {
    condition     = alltrue([for rule in aws_s3_bucket_lifecycle_configuration.this["videos"].rule : rule.id != "expire-incoming-direct-uploads"])
    error_message = "Only the uploads bucket receives direct uploads."
  }

  assert {
    condition     = length(aws_s3_bucket_cors_configuration.uploads) == 0 && output.direct_upload_cors_origins == []
    error_message = "Without allowed origins the uploads bucket has no CORS rule."
  }

  assert {
    condition = alltrue([
      for role, bucket in aws_s3_bucket.this : anytrue([
        for statement in jsondecode(aws_s3_bucket_policy.this[role].policy).Statement :
        statement.Effect == "Deny" && statement.Principal == "*" && statement.Action == "s3:*" &&
        try(statement.Condition.Bool["aws:SecureTransport"], "") == "false" &&
        try(toset(statement.Resource) == toset([bucket.arn, "${bucket.arn}/*"]), false)
      ])
    ])
    error_message = "Every bucket policy must deny any request made without TLS."
  }

  assert {
    condition = alltrue(flatten([
      for role, bucket in aws_s3_bucket.this : [
        for statement in jsondecode(aws_s3_bucket_policy.this[role].policy).Statement :
        statement.Effect == "Deny" || statement.Principal != "*"
      ]
    ]))
    error_message = "No bucket policy may allow anonymous access."
  }

  assert {
    condition     = length([for s in jsondecode(aws_s3_bucket_policy.this["uploads"].policy).Statement : s if s.Effect == "Allow"]) == 0
    error_message = "The uploads bucket policy must grant nothing (access comes from IAM roles only)."
  }

  assert {
    condition = one([for s in jsondecode(aws_s3_bucket_policy.this["videos"].policy).Statement : s if s.Effect == "Allow"]) == {
      Sid       = "CloudFrontOriginAccessControlRead"
      Effect    = "Allow"
      Principal = { Service = "cloudfront.amazonaws.com" }
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::vg-test-videos-mock/*"
      Condition = { StringEquals = { "AWS:SourceArn" = ["arn:aws:cloudfront::123456789012:distribution/EDFDVBD6EXAMPLE"] } }
    }
    error_message = "Only CloudFront, for the given distribution, may read the videos bucket."
  }

  assert {
    condition     = aws_s3_bucket_logging.this["uploads"].target_bucket == aws_s3_bucket.this["logs"].id && aws_s3_bucket_logging.this["videos"].target_bucket == aws_s3_bucket.this["logs"].id && output.log_bucket == "vg-test-logs-mock"
    error_message = "Access logs of uploads and videos must go to the log bucket."
  }

  assert {
    condition     = output.uploads_bucket == "vg-test-uploads-mock" && output.videos_bucket == "vg-test-videos-mock" && output.videos_bucket_regional_domain_name == "vg-test-videos-mock.s3.us-east-1.amazonaws.com"
    error_message = "Outputs must name the buckets."
  }

  assert {
    condition     = alltrue([for role, bucket in aws_s3_bucket.this : startswith(bucket.bucket_prefix, "vg-test-${role}-") && bucket.force_destroy == false])
    error_message = "Bucket names must start with the environment name and role, and buckets must not be force-destroyed by default."
  }
}

run "kms_encryption_without_logging" {
  command = plan

  variables {
    access_logging               = false
    cloudfront_distribution_arns = []
    kms_key_arn                  = "arn:aws:kms:us-east-1:123456789012:key/99999999-8888-7777-6666-555555555555"
  }

  assert {
    condition     = toset(keys(aws_s3_bucket.this)) == toset(["uploads", "videos"]) && length(aws_s3_bucket_logging.this) == 0 && output.log_bucket == null
    error_message = "Without access logging there is no log bucket."
  }

  assert {
    condition = alltrue([
      for role, bucket in aws_s3_bucket.this :
      one(one(aws_s3_bucket_server_side_encryption_configuration.this[role].rule).apply_server_side_encryption_by_default).sse_algorithm == "aws:kms" &&
      one(one(aws_s3_bucket_server_side_encryption_configuration.this[role].rule).apply_server_side_encryption_by_default).kms_master_key_id == var.kms_key_arn
    ])
    error_message = "With a KMS key both buckets must use SSE-KMS with it."
  }

  assert {
    condition     = length([for s in jsondecode(aws_s3_bucket_policy.this["videos"].policy).Statement : s if s.Effect == "Allow"]) == 0
    error_message = "Without a distribution nobody is granted read access to videos."
  }
}

run "rejects_invalid_inputs" {
  command = plan

  variables {
    name                         = ""
    kms_key_arn                  = "my-key"
    cloudfront_distribution_arns = ["arn:aws:s3:::not-a-distribution"]
  }

  expect_failures = [
    var.name,
    var.kms_key_arn,
    var.cloudfront_distribution_arns,
  ]
}

run "direct_upload_cors_for_the_app_origin_only" {
  variables {
    name                        = "vg-cors"
    upload_cors_allowed_origins = ["https://video.example.com"]
  }

  assert {
    condition     = length(aws_s3_bucket_cors_configuration.uploads) == 1 && aws_s3_bucket_cors_configuration.uploads[0].bucket == aws_s3_bucket.this["uploads"].id
    error_message = "The CORS rule belongs to the uploads bucket (and to no other)."
  }

  assert {
    condition = alltrue([
      for rule in aws_s3_bucket_cors_configuration.uploads[0].cors_rule :
      rule.allowed_methods == toset(["PUT"]) &&
      rule.allowed_origins == toset(["https://video.example.com"]) &&
      rule.allowed_headers == toset(["content-type", "x-amz-checksum-sha256", "if-none-match"])
    ])
    error_message = "Only PUT, only from the app's origin, with only the headers a presigned direct upload signs."
  }
}

run "rejects_cors_origin_with_a_path_or_wildcard" {
  command = plan

  variables {
    name                        = "vg-cors"
    upload_cors_allowed_origins = ["https://*.example.com"]
  }

  expect_failures = [var.upload_cors_allowed_origins]
}
