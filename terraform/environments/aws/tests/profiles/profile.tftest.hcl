# Plans the aws root with a committed variables file, so a profile that no
# longer matches the variables (renamed, removed, failing validation) breaks
# the build. Run once per profile by terraform/test.sh:
#   terraform test -test-directory=tests/profiles -var-file=low-cost.tfvars
#   terraform test -test-directory=tests/profiles -var-file=terraform.tfvars.example
# The variables block below only fills what a profile may leave to the
# caller (name, region, images, the origin's name and certificate).

mock_provider "aws" {
  source = "../../tests/mocks/aws"
}

mock_provider "aws" {
  alias  = "us_east_1"
  source = "../../tests/mocks/aws"
}

variables {
  name         = "vg-profile"
  region       = "us-east-1"
  worker_image = "registry.example.com/videogen-worker:test"
  web_image    = "registry.example.com/videogen-backstage:test"

  web_origin_domain_name = "vg-profile-us-east-1.origin.example.com"
  web_certificate_arn    = "arn:aws:acm:us-east-1:123456789012:certificate/99999999-8888-7777-6666-555555555555"
}

run "profile_plans" {
  command = plan

  assert {
    condition     = length(module.network.private_subnet_ids) == var.az_count && length(module.network.public_subnet_ids) == var.az_count
    error_message = "The profile must give one public and one private subnet per zone."
  }

  assert {
    condition     = length(module.network.nat_gateway_ids) == (var.single_nat_gateway ? 1 : var.az_count)
    error_message = "NAT gateways must follow single_nat_gateway."
  }

  assert {
    condition     = output.cluster_endpoint_public_access == (length(var.cluster_endpoint_public_access_cidrs) > 0)
    error_message = "The API endpoint is public only when CIDRs are listed."
  }
}
