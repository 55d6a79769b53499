# Unit tests of the network module against a mocked AWS provider.

# Shared mock defaults live in terraform/tests/mocks/aws; this file moves the
# region to eu-west-1 to prove the region flows into the S3 endpoint name.
mock_provider "aws" {
  source = "../../tests/mocks/aws"

  mock_data "aws_availability_zones" {
    defaults = {
      names    = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
      zone_ids = ["euw1-az1", "euw1-az2", "euw1-az3"]
    }
  }

  mock_data "aws_region" {
    defaults = {
      name = "eu-west-1"
    }
  }
}

variables {
  name     = "vg-test"
  az_count = 3
}

run "one_nat_gateway_per_zone" {
  assert {
    condition     = length(aws_subnet.public) == 3 && length(aws_subnet.private) == 3
    error_message = "Expected one public and one private subnet in each of the three zones."
  }

  assert {
    condition     = output.availability_zones == tolist(["eu-west-1a", "eu-west-1b", "eu-west-1c"])
    error_message = "The first az_count zones of the region must be used, in order."
  }

  assert {
    condition = alltrue([
      for az in output.availability_zones :
      aws_subnet.public[az].availability_zone == az && aws_subnet.private[az].availability_zone == az
    ])
    error_message = "Each zone must hold exactly its own public and private subnet."
  }

  assert {
    condition = alltrue([
      for subnet in concat(values(aws_subnet.public), values(aws_subnet.private)) :
      subnet.map_public_ip_on_launch == false && subnet.vpc_id == aws_vpc.this.id
    ])
    error_message = "No subnet may hand out public IPs on launch, and all must be in the module's VPC."
  }

  assert {
    condition = length(distinct(concat(
      [for s in aws_subnet.public : s.cidr_block],
      [for s in aws_subnet.private : s.cidr_block],
    ))) == 6
    error_message = "Subnet CIDR blocks must all differ."
  }

  assert {
    condition     = alltrue([for az, s in aws_subnet.private : s.cidr_block == cidrsubnet("10.0.0.0/16", 4, index(output.availability_zones, az))]) && alltrue([for az, s in aws_subnet.public : s.cidr_block == cidrsubnet("10.0.0.0/16", 8, 240 + index(output.availability_zones, az))])
    error_message = "Private subnets must be /20s from the bottom of the VPC range and public subnets /24s from the top."
  }

  assert {
    condition = length(aws_nat_gateway.this) == 3 && alltrue([
      for az, nat in aws_nat_gateway.this : nat.subnet_id == aws_subnet.public[az].id && nat.allocation_id == aws_eip.nat[az].id
    ])
    error_message = "Each zone needs its own NAT gateway, in that zone's public subnet, with its own Elastic IP."
  }

  assert {
    condition     = aws_route.public_internet.route_table_id == aws_route_table.public.id && aws_route.public_internet.gateway_id == aws_internet_gateway.this.id && aws_route.public_internet.destination_cidr_block == "0.0.0.0/0"
    error_message = "The public route table must send 0.0.0.0/0 to the internet gateway."
  }

  assert {
    condition = alltrue([
      for az, assoc in aws_route_table_association.public : assoc.route_table_id == aws_route_table.public.id && assoc.subnet_id == aws_subnet.public[az].id
    ])
    error_message = "Every public subnet must be associated with the public route table."
  }

  assert {
    condition = alltrue([
      for az, route in aws_route.private_nat :
      route.route_table_id == aws_route_table.private[az].id && route.destination_cidr_block == "0.0.0.0/0" && route.nat_gateway_id == aws_nat_gateway.this[az].id && route.gateway_id == null
    ])
    error_message = "Each private route table must send 0.0.0.0/0 to its own zone's NAT gateway and never to the internet gateway."
  }

  assert {
    condition = alltrue([
      for az, assoc in aws_route_table_association.private : assoc.route_table_id == aws_route_table.private[az].id && assoc.subnet_id == aws_subnet.private[az].id
    ])
    error_message = "Every private subnet must be associated with its own zone's private route table."
  }

  assert {
    condition     = aws_vpc_endpoint.s3.vpc_endpoint_type == "Gateway" && aws_vpc_endpoint.s3.service_name == "com.amazonaws.eu-west-1.s3"
    error_message = "The S3 endpoint must be a gateway endpoint for the region's S3 service."
  }

  assert {
    condition     = aws_vpc_endpoint.s3.route_table_ids == toset([for rt in aws_route_table.private : rt.id])
    error_message = "The S3 gateway endpoint must be attached to exactly the private route tables."
  }

  assert {
    condition     = aws_flow_log.this.vpc_id == aws_vpc.this.id && aws_flow_log.this.traffic_type == "ALL" && aws_flow_log.this.log_destination == aws_cloudwatch_log_group.flow_logs.arn && aws_flow_log.this.iam_role_arn == aws_iam_role.flow_logs.arn
    error_message = "VPC flow logs must capture all traffic of the VPC into the module's log group."
  }

  assert {
    condition     = length(aws_default_security_group.this.ingress) == 0 && length(aws_default_security_group.this.egress) == 0
    error_message = "The default security group must be left without any rule."
  }

  assert {
    condition     = jsondecode(aws_iam_role.flow_logs.assume_role_policy).Statement[0].Principal.Service == "vpc-flow-logs.amazonaws.com"
    error_message = "Only the VPC flow logs service may assume the flow log role."
  }
}

run "single_nat_gateway_and_explicit_zones" {
  variables {
    az_count           = 2
    availability_zones = ["eu-west-1b", "eu-west-1c"]
    single_nat_gateway = true
  }

  assert {
    condition     = output.availability_zones == tolist(["eu-west-1b", "eu-west-1c"]) && length(output.private_subnet_ids) == 2 && length(output.public_subnet_ids) == 2
    error_message = "Explicit availability_zones must be used as given."
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 1 && aws_nat_gateway.this["eu-west-1b"].subnet_id == aws_subnet.public["eu-west-1b"].id
    error_message = "single_nat_gateway must create exactly one NAT gateway, in the first zone's public subnet."
  }

  assert {
    condition     = alltrue([for route in aws_route.private_nat : route.nat_gateway_id == aws_nat_gateway.this["eu-west-1b"].id])
    error_message = "With a single NAT gateway every private route table must use it."
  }

  assert {
    condition     = length(aws_route_table.private) == 2 && aws_vpc_endpoint.s3.route_table_ids == toset(output.private_route_table_ids)
    error_message = "Private route tables stay one per zone, all attached to the S3 endpoint."
  }
}

run "rejects_invalid_inputs" {
  command = plan

  variables {
    name       = ""
    az_count   = 1
    cidr_block = "10.0.0.0/8"
  }

  expect_failures = [
    var.name,
    var.az_count,
    var.cidr_block,
  ]
}
