provider "aws" {
  region = var.region

  default_tags {
    tags = local.tags
  }
}

# CloudFront, its certificate and Route 53 are global; ACM certificates for
# CloudFront must come from us-east-1, so the cdn module runs on this one.
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"

  default_tags {
    tags = local.tags
  }
}
