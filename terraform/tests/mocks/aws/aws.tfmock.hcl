# Shared defaults for `mock_provider "aws"` in every module's tests.
#
# A mocked provider invents random strings for computed attributes, but the
# real provider still validates arguments, so attributes that end up in an
# ARN-typed argument (role ARNs, key ARNs, cluster ARNs, ...) need values that
# parse. Test files override single resources with distinct values where a
# test compares wiring between two of them.

mock_data "aws_availability_zones" {
  defaults = {
    names    = ["us-east-1a", "us-east-1b", "us-east-1c"]
    zone_ids = ["use1-az1", "use1-az2", "use1-az4"]
  }
}

mock_data "aws_region" {
  defaults = {
    name        = "us-east-1"
    description = "US East (N. Virginia)"
  }
}

mock_data "aws_caller_identity" {
  defaults = {
    account_id = "123456789012"
    arn        = "arn:aws:iam::123456789012:role/terraform"
    user_id    = "AROAMOCKMOCKMOCKMOCK"
  }
}

mock_data "aws_partition" {
  defaults = {
    partition          = "aws"
    dns_suffix         = "amazonaws.com"
    reverse_dns_prefix = "com.amazonaws"
  }
}

mock_data "aws_ssm_parameter" {
  defaults = {
    value          = "ami-0123456789abcdef0"
    insecure_value = "ami-0123456789abcdef0"
    type           = "String"
  }
}

mock_data "aws_ec2_managed_prefix_list" {
  defaults = {
    id   = "pl-3b927c52"
    name = "com.amazonaws.global.cloudfront.origin-facing"
  }
}

mock_resource "aws_iam_role" {
  defaults = {
    arn = "arn:aws:iam::123456789012:role/mock-role"
  }
}

mock_resource "aws_iam_instance_profile" {
  defaults = {
    arn = "arn:aws:iam::123456789012:instance-profile/mock-profile"
  }
}

mock_resource "aws_iam_service_linked_role" {
  defaults = {
    arn = "arn:aws:iam::123456789012:role/aws-service-role/batch.amazonaws.com/AWSServiceRoleForBatch"
  }
}

mock_resource "aws_cloudwatch_log_group" {
  defaults = {
    arn = "arn:aws:logs:us-east-1:123456789012:log-group:mock"
  }
}

mock_resource "aws_kms_key" {
  defaults = {
    arn    = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    key_id = "11111111-2222-3333-4444-555555555555"
  }
}

mock_resource "aws_eks_cluster" {
  defaults = {
    arn      = "arn:aws:eks:us-east-1:123456789012:cluster/mock"
    endpoint = "https://MOCKMOCKMOCK.gr7.us-east-1.eks.amazonaws.com"
    certificate_authority = [
      { data = "bW9jay1jZXJ0aWZpY2F0ZQ==" }
    ]
    identity = [
      { oidc = [{ issuer = "https://oidc.eks.us-east-1.amazonaws.com/id/MOCKMOCKMOCK" }] }
    ]
    # Nested blocks take an object; only computed attributes are filled.
    vpc_config = {
      cluster_security_group_id = "sg-0e0c0c0c0c0c0c0c0"
    }
  }
}

mock_resource "aws_eks_node_group" {
  defaults = {
    arn = "arn:aws:eks:us-east-1:123456789012:nodegroup/mock/mock/00000000-0000-0000-0000-000000000000"
  }
}

mock_resource "aws_eks_access_entry" {
  defaults = {
    access_entry_arn = "arn:aws:eks:us-east-1:123456789012:access-entry/mock/role/123456789012/mock/00000000-0000-0000-0000-000000000000"
  }
}

mock_resource "aws_eks_pod_identity_association" {
  defaults = {
    association_arn = "arn:aws:eks:us-east-1:123456789012:podidentityassociation/mock/a-mock"
  }
}

mock_resource "aws_eks_addon" {
  defaults = {
    arn = "arn:aws:eks:us-east-1:123456789012:addon/mock/mock/00000000-0000-0000-0000-000000000000"
  }
}

mock_resource "aws_launch_template" {
  defaults = {
    id             = "lt-0123456789abcdef0"
    arn            = "arn:aws:ec2:us-east-1:123456789012:launch-template/lt-0123456789abcdef0"
    latest_version = 1
  }
}

mock_resource "aws_security_group" {
  defaults = {
    id  = "sg-0123456789abcdef0"
    arn = "arn:aws:ec2:us-east-1:123456789012:security-group/sg-0123456789abcdef0"
  }
}

mock_resource "aws_s3_bucket" {
  defaults = {
    arn                         = "arn:aws:s3:::mock-bucket"
    bucket_regional_domain_name = "mock-bucket.s3.us-east-1.amazonaws.com"
    bucket_domain_name          = "mock-bucket.s3.amazonaws.com"
  }
}

mock_resource "aws_batch_compute_environment" {
  defaults = {
    arn = "arn:aws:batch:us-east-1:123456789012:compute-environment/mock"
  }
}

mock_resource "aws_batch_job_queue" {
  defaults = {
    arn = "arn:aws:batch:us-east-1:123456789012:job-queue/mock"
  }
}

mock_resource "aws_batch_job_definition" {
  defaults = {
    arn        = "arn:aws:batch:us-east-1:123456789012:job-definition/mock:1"
    arn_prefix = "arn:aws:batch:us-east-1:123456789012:job-definition/mock"
    revision   = 1
  }
}

mock_resource "aws_db_instance" {
  defaults = {
    arn      = "arn:aws:rds:us-east-1:123456789012:db:mock"
    address  = "mock.abcdefghijkl.us-east-1.rds.amazonaws.com"
    endpoint = "mock.abcdefghijkl.us-east-1.rds.amazonaws.com:5432"
    port     = 5432
    master_user_secret = [
      {
        secret_arn    = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-mock-AbCdEf"
        kms_key_id    = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
        secret_status = "active"
      }
    ]
  }
}

mock_resource "aws_lb" {
  defaults = {
    arn        = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/mock/0123456789abcdef"
    arn_suffix = "app/mock/0123456789abcdef"
    dns_name   = "mock-1234567890.us-east-1.elb.amazonaws.com"
    zone_id    = "Z35SXDOTRQ7X7K"
  }
}

mock_resource "aws_lb_target_group" {
  defaults = {
    arn        = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/mock/0123456789abcdef"
    arn_suffix = "targetgroup/mock/0123456789abcdef"
  }
}

mock_resource "aws_lb_listener" {
  defaults = {
    arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/mock/0123456789abcdef/0123456789abcdef"
  }
}

mock_resource "aws_autoscaling_group" {
  defaults = {
    arn = "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:00000000-0000-0000-0000-000000000000:autoScalingGroupName/mock"
  }
}

mock_resource "aws_cloudfront_distribution" {
  defaults = {
    arn            = "arn:aws:cloudfront::123456789012:distribution/EMOCKMOCKMOCK"
    domain_name    = "d111111abcdef8.cloudfront.net"
    hosted_zone_id = "Z2FDTNDATAQYW2"
  }
}

mock_resource "aws_acm_certificate" {
  defaults = {
    arn = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
  }
}

mock_resource "aws_acm_certificate_validation" {
  defaults = {
    certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
  }
}
