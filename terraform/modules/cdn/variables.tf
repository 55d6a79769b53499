variable "name" {
  description = "Name of the distribution's resources. Origin Access Control names are account-wide, so include the region (e.g. videogen-prod-eu-west-1)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,55}[a-z0-9]$", var.name))
    error_message = "name must be 3-57 characters of lowercase letters, digits and hyphens (the OAC name adds \"-videos\")."
  }
}

variable "videos_bucket_regional_domain_name" {
  description = "Regional domain name of the private videos bucket (read through Origin Access Control)."
  type        = string
}

variable "videos_path_pattern" {
  description = "Request paths served from the videos bucket instead of the web tier (object keys start with videos/)."
  type        = string
  default     = "videos/*"
}

variable "web_origin_domain_name" {
  description = "Domain name CloudFront connects to for the web tier: the load balancer's DNS name, or a name covered by the load balancer's certificate when web_origin_protocol_policy is https-only."
  type        = string
}

variable "web_origin_protocol_policy" {
  description = "How CloudFront connects to the web tier: http-only (load balancer without certificate) or https-only."
  type        = string
  default     = "http-only"

  validation {
    condition     = contains(["http-only", "https-only"], var.web_origin_protocol_policy)
    error_message = "web_origin_protocol_policy must be http-only or https-only."
  }
}

variable "domain_name" {
  description = "Optional custom domain name of the distribution (e.g. video.example.com). Needs certificate_arn or route53_zone_id."
  type        = string
  default     = null

  validation {
    condition     = var.domain_name == null || can(regex("^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,}$", var.domain_name))
    error_message = "domain_name must be a lowercase fully qualified domain name."
  }
}

variable "route53_zone_id" {
  description = "Optional Route 53 hosted zone of domain_name: gets the alias records and, when no certificate_arn is given, the ACM DNS validation records."
  type        = string
  default     = null
}

variable "certificate_arn" {
  description = "Optional existing ACM certificate for domain_name, in us-east-1. When null and route53_zone_id is set, the module requests and validates one."
  type        = string
  default     = null

  validation {
    condition     = var.certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:us-east-1:[0-9]{12}:certificate/.+$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN in us-east-1 (CloudFront uses no other region)."
  }
}

variable "price_class" {
  description = "CloudFront price class (edge locations used)."
  type        = string
  default     = "PriceClass_100"

  validation {
    condition     = contains(["PriceClass_100", "PriceClass_200", "PriceClass_All"], var.price_class)
    error_message = "price_class must be PriceClass_100, PriceClass_200 or PriceClass_All."
  }
}

variable "web_acl_id" {
  description = "Optional AWS WAF (v2, global scope) web ACL ARN to attach."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags added to every resource of the module."
  type        = map(string)
  default     = {}
}
