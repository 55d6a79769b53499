locals {
  # uploads: photos and scripts, written by the web tier, read by the worker.
  # videos:  MP4s, posters and result.json, written by the worker, served by
  #          CloudFront through Origin Access Control.
  # logs:    server access logs of the two, when access_logging is on.
  roles = concat(["uploads", "videos"], var.access_logging ? ["logs"] : [])

  # S3 limits bucket_prefix to 37 characters (it appends a 26-character suffix).
  bucket_prefix = { for role in local.roles : role => "${substr(var.name, 0, 27)}-${role}-" }

  # S3 server access logs can only be delivered to an SSE-S3 bucket.
  sse_kms = { for role in local.roles : role => var.kms_key_arn != null && role != "logs" }

  logged_roles = var.access_logging ? toset(["uploads", "videos"]) : toset([])
}

resource "aws_s3_bucket" "this" {
  for_each = toset(local.roles)

  bucket_prefix = local.bucket_prefix[each.key]
  force_destroy = var.force_destroy

  tags = merge(var.tags, { Name = "${var.name}-${each.key}", Role = each.key })
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each = aws_s3_bucket.this

  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# ACLs off: the bucket owner owns every object, access is by policy only.
resource "aws_s3_bucket_ownership_controls" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = local.sse_kms[each.key] ? "aws:kms" : "AES256"
      kms_master_key_id = local.sse_kms[each.key] ? var.kms_key_arn : null
    }
    bucket_key_enabled = local.sse_kms[each.key] ? true : null
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id

  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = var.abort_incomplete_multipart_upload_days
    }
  }

  rule {
    id     = "expire-noncurrent-versions"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
    }
  }

  # The web tier writes an upload to uploads/tmp/<uuid>, then copies it to
  # its content-addressed key and deletes it: whatever is left there (a
  # crash between the two, an abandoned multipart upload) is garbage.
  dynamic "rule" {
    for_each = each.key == "uploads" ? [var.temporary_upload_expiration_days] : []

    content {
      id     = "expire-temporary-uploads"
      status = "Enabled"

      filter {
        prefix = var.temporary_upload_prefix
      }

      expiration {
        days = rule.value
      }

      noncurrent_version_expiration {
        noncurrent_days = rule.value
      }

      abort_incomplete_multipart_upload {
        days_after_initiation = rule.value
      }
    }
  }

  # Direct uploads: the browser PUTs to uploads/incoming/<id>/ with a
  # presigned URL valid for minutes; the web tier checks what arrived and
  # moves it on, or deletes it. What an abandoned upload leaves goes here.
  dynamic "rule" {
    for_each = each.key == "uploads" ? [var.incoming_upload_expiration_days] : []

    content {
      id     = "expire-incoming-direct-uploads"
      status = "Enabled"

      filter {
        prefix = var.incoming_upload_prefix
      }

      expiration {
        days = rule.value
      }

      noncurrent_version_expiration {
        noncurrent_days = rule.value
      }

      abort_incomplete_multipart_upload {
        days_after_initiation = rule.value
      }
    }
  }

  dynamic "rule" {
    for_each = each.key == "logs" ? [var.access_log_retention_days] : []

    content {
      id     = "expire-access-logs"
      status = "Enabled"

      filter {}

      expiration {
        days = rule.value
      }
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

resource "aws_s3_bucket_logging" "this" {
  for_each = local.logged_roles

  bucket        = aws_s3_bucket.this[each.key].id
  target_bucket = aws_s3_bucket.this["logs"].id
  target_prefix = "${each.key}/"
}

resource "aws_s3_bucket_policy" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id
  policy = local.bucket_policies[each.key]

  # A policy that grants a service principal is refused while the public
  # access block is still being applied.
  depends_on = [aws_s3_bucket_public_access_block.this]
}

# Browsers PUT direct uploads to the uploads bucket with presigned URLs, from
# the environment's own app origin only. The allowed headers are those the
# presigned PUT signs and the browser sets (Content-Length is set by the
# browser itself and needs no CORS permission).
resource "aws_s3_bucket_cors_configuration" "uploads" {
  count = length(var.upload_cors_allowed_origins) > 0 ? 1 : 0

  bucket = aws_s3_bucket.this["uploads"].id

  cors_rule {
    id              = "direct-uploads"
    allowed_methods = ["PUT"]
    allowed_origins = var.upload_cors_allowed_origins
    allowed_headers = ["content-type", "x-amz-checksum-sha256", "if-none-match"]
    expose_headers  = ["ETag", "x-amz-checksum-sha256"]
    max_age_seconds = 3000
  }
}
