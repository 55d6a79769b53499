variable "name" {
  description = "Environment name; bucket names start with it (S3 appends a unique suffix, so one name works in several regions)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 characters of lowercase letters, digits and hyphens, start with a letter and not end with a hyphen."
  }
}

variable "kms_key_arn" {
  description = "KMS key for SSE-KMS on the uploads and videos buckets. Null (the default) uses SSE-S3 (AES256). With a key, its key policy must let cloudfront.amazonaws.com decrypt for the distribution, or CloudFront cannot serve videos."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)/.+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key or alias ARN."
  }
}

variable "force_destroy" {
  description = "Let terraform destroy delete non-empty buckets (every object version). Keep false outside throw-away environments."
  type        = bool
  default     = false
}

variable "noncurrent_version_expiration_days" {
  description = "Days after which overwritten or deleted object versions are removed."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1
    error_message = "noncurrent_version_expiration_days must be at least 1."
  }
}

variable "abort_incomplete_multipart_upload_days" {
  description = "Days after which parts of unfinished multipart uploads are deleted."
  type        = number
  default     = 7

  validation {
    condition     = var.abort_incomplete_multipart_upload_days >= 1
    error_message = "abort_incomplete_multipart_upload_days must be at least 1."
  }
}

variable "access_logging" {
  description = "Create a private log bucket and send S3 server access logs of the uploads and videos buckets to it."
  type        = bool
  default     = false
}

variable "access_log_retention_days" {
  description = "Days access logs are kept in the log bucket."
  type        = number
  default     = 90

  validation {
    condition     = var.access_log_retention_days >= 1
    error_message = "access_log_retention_days must be at least 1."
  }
}

variable "cloudfront_distribution_arns" {
  description = "CloudFront distributions allowed to read the videos bucket through Origin Access Control (s3:GetObject, SigV4-signed by CloudFront)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.cloudfront_distribution_arns : can(regex("^arn:aws[a-z-]*:cloudfront::[0-9]{12}:distribution/[A-Z0-9]+$", arn))])
    error_message = "cloudfront_distribution_arns must be CloudFront distribution ARNs."
  }
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}

variable "temporary_upload_prefix" {
  description = "Key prefix of the uploads bucket where the web tier stages uploads before moving them to their content-addressed key; objects and unfinished multipart uploads there expire."
  type        = string
  default     = "uploads/tmp/"

  validation {
    condition     = length(var.temporary_upload_prefix) > 0 && endswith(var.temporary_upload_prefix, "/") && !startswith(var.temporary_upload_prefix, "/")
    error_message = "temporary_upload_prefix must be a non-empty key prefix ending with / (and not starting with one)."
  }
}

variable "temporary_upload_expiration_days" {
  description = "Days after which staged uploads under temporary_upload_prefix (and their unfinished multipart uploads) are deleted."
  type        = number
  default     = 1

  validation {
    condition     = var.temporary_upload_expiration_days >= 1 && floor(var.temporary_upload_expiration_days) == var.temporary_upload_expiration_days
    error_message = "temporary_upload_expiration_days must be a whole number of at least 1."
  }
}

variable "incoming_upload_prefix" {
  description = "Key prefix of the uploads bucket where browsers PUT direct uploads (presigned URLs) before the web tier checks them and moves them to their content-addressed keys; objects and unfinished multipart uploads there expire."
  type        = string
  default     = "uploads/incoming/"

  validation {
    condition     = length(var.incoming_upload_prefix) > 0 && endswith(var.incoming_upload_prefix, "/") && !startswith(var.incoming_upload_prefix, "/")
    error_message = "incoming_upload_prefix must be a non-empty key prefix ending with / (and not starting with one)."
  }
}

variable "incoming_upload_expiration_days" {
  description = "Days after which direct uploads never completed (objects under incoming_upload_prefix) are deleted. The web tier's URLs expire within minutes; this is the backstop."
  type        = number
  default     = 1

  validation {
    condition     = var.incoming_upload_expiration_days >= 1 && floor(var.incoming_upload_expiration_days) == var.incoming_upload_expiration_days
    error_message = "incoming_upload_expiration_days must be a whole number of at least 1."
  }
}

variable "upload_cors_allowed_origins" {
  description = "Origins (scheme://host[:port], no path) whose pages may PUT direct uploads to the uploads bucket with presigned URLs: the environment's own app URL. Empty: no CORS rule (browsers cannot upload directly)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for origin in var.upload_cors_allowed_origins : can(regex("^https?://[^/*]+$", origin))])
    error_message = "upload_cors_allowed_origins must be origins such as https://video.example.com (no path, no wildcard)."
  }
}
