# Tests of the composed aws root: every module together, against a mocked
# AWS provider (both the regional one and the us-east-1 one of the cdn).

mock_provider "aws" {
  source = "../../tests/mocks/aws"

  mock_data "aws_region" {
    defaults = {
      name = "eu-west-1"
    }
  }

  mock_data "aws_availability_zones" {
    defaults = {
      names    = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
      zone_ids = ["euw1-az1", "euw1-az2", "euw1-az3"]
    }
  }
}

mock_provider "aws" {
  alias  = "us_east_1"
  source = "../../tests/mocks/aws"
}

variables {
  name         = "vg-test"
  region       = "eu-west-1"
  az_count     = 2
  worker_image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/videogen-worker:1.0.0"
  web_image    = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/videogen-backstage:1.0.0"
}

run "full_stack" {
  assert {
    condition     = output.environment_name == "vg-test" && output.region == "eu-west-1"
    error_message = "environment_name and region must echo the inputs."
  }

  assert {
    condition     = length(output.availability_zones) == 2 && length(module.network.public_subnet_ids) == 2 && length(module.network.private_subnet_ids) == 2
    error_message = "Two zones, each with one public and one private subnet."
  }

  assert {
    condition     = length(setintersection(toset(module.network.public_subnet_ids), toset(module.network.private_subnet_ids))) == 0
    error_message = "Public and private subnets must be distinct."
  }

  assert {
    condition     = module.batch.compute_environment_subnet_ids == toset(module.network.private_subnet_ids)
    error_message = "Generator jobs must run in the private subnets only."
  }

  assert {
    condition     = module.web.autoscaling_group_subnet_ids == toset(module.network.private_subnet_ids)
    error_message = "Web instances must run in the private subnets only."
  }

  assert {
    condition     = output.cluster_endpoint_public_access == false
    error_message = "The Kubernetes API must be private by default."
  }

  assert {
    condition     = can(tolist(output.node_group_names)) && length(output.node_group_names) == 1
    error_message = "node_group_names must be a list of the managed node groups."
  }

  assert {
    condition = alltrue([
      for value in [
        output.cluster_name, output.cluster_arn, output.job_queue_arn, output.job_queue_name, output.job_definition_arn,
        output.uploads_bucket, output.videos_bucket, output.cloudfront_domain, output.load_balancer_dns_name,
        output.database_endpoint, output.database_secret_arn,
      ] : value != null && value != ""
    ])
    error_message = "Every output the plugins read must be set."
  }

  assert {
    condition     = output.job_queue_name == "vg-test-generator" && startswith(output.database_secret_arn, "arn:aws:secretsmanager:") && endswith(output.cloudfront_domain, ".cloudfront.net")
    error_message = "Outputs must carry the queue name, the managed secret ARN and the CloudFront domain."
  }

  assert {
    condition     = output.public_url == "https://${output.cloudfront_domain}"
    error_message = "Without a domain the public URL is the CloudFront domain."
  }

  assert {
    condition     = strcontains(output.batch_kubernetes_manifests, "name: videogen-batch") && output.batch_kubernetes_namespace == "videogen-batch"
    error_message = "The Batch manifests must be published for the documented kubectl step."
  }

  assert {
    condition = alltrue([
      for statement in jsondecode(local.web_app_policy).Statement :
      statement.Resource != "*" || alltrue([for action in statement.Action : startswith(action, "batch:Describe") || startswith(action, "batch:List")])
    ])
    error_message = "The web tier may only use wildcard resources for Batch read calls that need them."
  }

  assert {
    condition     = local.tags["Environment"] == "vg-test" && local.tags["ManagedBy"] == "terraform"
    error_message = "Every resource must be tagged with the environment."
  }
}

run "public_api_only_for_listed_cidrs" {
  command = plan

  variables {
    cluster_endpoint_public_access_cidrs = ["198.51.100.0/24"]
    restrict_alb_to_cloudfront           = false
  }

  assert {
    condition     = output.cluster_endpoint_public_access == true
    error_message = "Listing CIDRs turns the public endpoint on, for them only (checked in the eks module tests)."
  }
}

run "rejects_bad_region" {
  command = plan

  variables {
    region = "moon-central-1"
  }

  expect_failures = [var.region]
}

run "rejects_az_count_below_two" {
  command = plan

  variables {
    az_count = 1
  }

  expect_failures = [var.az_count]
}

run "rejects_empty_name" {
  command = plan

  variables {
    name = ""
  }

  expect_failures = [var.name]
}
