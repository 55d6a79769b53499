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

  # HTTPS to the origin is required (see run refuses_plain_http_origin).
  web_origin_domain_name = "vg-test-eu-west-1.origin.example.com"
  web_certificate_arn    = "arn:aws:acm:eu-west-1:123456789012:certificate/99999999-8888-7777-6666-555555555555"
}

run "full_stack" {
  variables {
    batch_kubernetes_prepared = true
    web_secrets = {
      AUTH_GITHUB_CLIENT_SECRET = "github-secret-value-1234"
    }
  }

  assert {
    condition     = output.environment_name == "vg-test" && output.region == "eu-west-1"
    error_message = "environment_name and region must echo the inputs."
  }

  assert {
    condition     = module.storage.direct_upload_cors_origins == [module.cdn.url] && startswith(module.cdn.url, "https://")
    error_message = "Browsers may PUT direct uploads to the uploads bucket from the environment's own app URL, and from no other origin."
  }

  assert {
    condition     = module.storage.incoming_upload_expiration.prefix == "uploads/incoming/" && module.storage.incoming_upload_expiration.days == 1 && module.storage.incoming_upload_expiration.abort_incomplete_multipart_upload_days == 1
    error_message = "Direct uploads never completed (uploads/incoming/) must expire after a day, unfinished multipart uploads too."
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
        output.cluster_endpoint, output.cluster_certificate_authority_data, output.job_definition_name,
        output.uploads_bucket_arn, output.videos_bucket_arn, output.batch_kubernetes_namespace,
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
      statement.Resource != "*" || alltrue([
        for action in statement.Action :
        startswith(action, "batch:Describe") || startswith(action, "batch:List") || action == "ssm:UpdateInstanceInformation" || startswith(action, "ssmmessages:") || startswith(action, "ec2messages:")
      ])
    ])
    error_message = "The web tier may only use wildcard resources for Batch read calls and Session Manager calls that need them."
  }

  assert {
    condition = (
      output.cluster_endpoint == "https://MOCKMOCKMOCK.gr7.us-east-1.eks.amazonaws.com" &&
      output.cluster_certificate_authority_data == "bW9jay1jZXJ0aWZpY2F0ZQ==" &&
      output.cluster_name != "" && output.cluster_arn != ""
    )
    error_message = "The Kubernetes plugin needs the cluster's endpoint and CA from the outputs."
  }

  assert {
    condition = anytrue([
      for statement in jsondecode(local.web_app_policy).Statement :
      contains(flatten([statement.Action]), "s3:DeleteObject") && statement.Resource == "${output.uploads_bucket_arn}/*"
    ])
    error_message = "The backend moves uploads/tmp/<uuid> to its content-addressed key (CopyObject + DeleteObject): it needs s3:DeleteObject on the uploads."
  }

  assert {
    condition = anytrue([
      for statement in jsondecode(local.web_app_policy).Statement :
      statement.Action == ["ssm:GetParameters"] && statement.Resource == "arn:aws:ssm:eu-west-1:123456789012:parameter/videogen/vg-test/web/*"
      ]) && anytrue([
      for statement in jsondecode(local.web_app_policy).Statement :
      statement.Action == ["kms:Decrypt"] && try(statement.Condition.StringEquals["kms:ViaService"], "") == "ssm.eu-west-1.amazonaws.com"
    ])
    error_message = "The web role reads its own secret parameters, and decrypts them through SSM only."
  }

  assert {
    condition = output.web_secret_parameter_names == {
      AUTH_GITHUB_CLIENT_SECRET = "/videogen/vg-test/web/AUTH_GITHUB_CLIENT_SECRET"
      # The Cognito app client's secret (cognito.tf; tests/oidc.tftest.hcl).
      AUTH_OIDC_CLIENT_SECRET = "/videogen/vg-test/web/AUTH_OIDC_CLIENT_SECRET"
    }
    error_message = "Secrets must become SSM parameters of this environment."
  }

  assert {
    condition = (
      module.eks.access_policy_associations["backend/view"].policy_arn == "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy" &&
      module.eks.access_policy_associations["backend/view"].principal_arn == output.web_role_arn &&
      module.eks.access_policy_associations["backend/batch-setup"].policy_arn == "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy" &&
      module.eks.access_policy_associations["backend/batch-setup"].scope_type == "cluster"
    )
    error_message = "The backend (web) role must view the cluster and be able to apply the Batch namespace and RBAC."
  }

  assert {
    condition     = output.origin_protocol == "HTTPS" && module.cdn.web_origin_protocol_policy == "https-only" && module.web.certificate_arn == var.web_certificate_arn
    error_message = "CloudFront must reach the load balancer over HTTPS by default."
  }

  assert {
    condition     = output.batch_kubernetes_prepared && output.job_queue_arn != null
    error_message = "Once the RBAC is applied, the queue exists."
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

run "first_apply_waits_for_batch_rbac" {
  command = plan

  assert {
    condition     = output.job_queue_arn == null && output.job_queue_name == null && output.batch_kubernetes_prepared == false
    error_message = "By default the compute environment and queue wait until the run engine applied the namespace and RBAC."
  }

  assert {
    condition     = strcontains(output.batch_kubernetes_manifests, "kind: ClusterRoleBinding") && output.batch_kubernetes_namespace == "videogen-batch"
    error_message = "The manifests and namespace must be published for the run engine's post-apply step."
  }

  assert {
    condition = anytrue([
      for statement in jsondecode(local.web_app_policy).Statement :
      statement.Sid == "SubmitGeneratorJobs" && contains(flatten([statement.Resource]), "arn:aws:batch:eu-west-1:123456789012:job-queue/vg-test-generator")
    ])
    error_message = "The web policy names the queue before it exists, so enabling it changes no IAM."
  }
}

run "teardown_with_default_variables" {
  # Only what has no default: nothing may block terraform destroy.
  variables {
    batch_kubernetes_prepared = true
  }

  assert {
    condition     = module.database.deletion_protection == false
    error_message = "Deletion protection must be off by default, or destroy fails."
  }

  assert {
    condition     = can(regex("^vg-test-final-[0-9]{14}$", module.database.final_snapshot_identifier))
    error_message = "The database must take a final snapshot with a name unique to this provision (not a fixed <env>-final that collides on the next cycle)."
  }

  assert {
    condition     = module.storage.force_destroy == true
    error_message = "Buckets (versioned, not empty) must be force-destroyed by default."
  }

  assert {
    condition     = module.web.load_balancer_deletion_protection == false
    error_message = "The load balancer must not be protected from deletion."
  }
}

run "refuses_plain_http_origin" {
  command = plan

  variables {
    web_origin_domain_name = null
    web_certificate_arn    = null
  }

  expect_failures = [var.web_origin_domain_name]
}

run "plain_http_origin_only_when_allowed" {
  command = plan

  variables {
    web_origin_domain_name = null
    web_certificate_arn    = null
    allow_insecure_origin  = true
  }

  assert {
    condition     = module.cdn.web_origin_protocol_policy == "http-only"
    error_message = "allow_insecure_origin keeps HTTP to the origin."
  }
}

run "issues_origin_certificate_in_the_zone" {
  command = plan

  variables {
    web_certificate_arn = null
    route53_zone_id     = "Z0123456789ABCDEFGHIJ"
  }

  assert {
    condition     = module.cdn.web_origin_protocol_policy == "https-only" && output.origin_protocol == "HTTPS"
    error_message = "With a zone and no certificate, one is issued and the origin stays HTTPS."
  }
}

run "rejects_secrets_in_user_data_and_mismatched_addons" {
  command = plan

  variables {
    web_environment    = { AUTH_GITHUB_CLIENT_SECRET = "oops" }
    kubernetes_version = "1.33"
  }

  expect_failures = [var.web_environment, var.eks_addon_versions]
}
