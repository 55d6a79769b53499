# Unit tests of the web module against a mocked AWS provider.

mock_provider "aws" {
  source = "../../tests/mocks/aws"
}

override_resource {
  target = aws_security_group.alb
  values = { id = "sg-0a1b0a1b0a1b0a1b0" }
}

override_resource {
  target = aws_security_group.instance
  values = { id = "sg-0c2d0c2d0c2d0c2d0" }
}

variables {
  name                = "vg-test"
  vpc_id              = "vpc-0123456789abcdef0"
  vpc_cidr_block      = "10.0.0.0/16"
  public_subnet_ids   = ["subnet-0pub0000000000001", "subnet-0pub0000000000002"]
  private_subnet_ids  = ["subnet-0priv000000000001", "subnet-0priv000000000002"]
  container_image     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/videogen-backstage:1.0.0"
  database_secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-mock-AbCdEf"
  container_environment = {
    POSTGRES_HOST = "db.internal"
    POSTGRES_PORT = "5432"
  }
  secret_environment = {
    AUTH_GITHUB_CLIENT_SECRET = "github-secret-value-1234"
    BACKEND_SECRET            = "backend-secret-value-5678"
  }
  secret_parameter_path = "/videogen/vg-test/web"
}

run "alb_to_private_instances" {
  assert {
    condition     = aws_lb.this.internal == false && aws_lb.this.load_balancer_type == "application" && aws_lb.this.subnets == toset(var.public_subnet_ids) && aws_lb.this.drop_invalid_header_fields == true
    error_message = "The ALB must be internet-facing in the public subnets and drop invalid headers."
  }

  assert {
    condition     = aws_autoscaling_group.this.vpc_zone_identifier == toset(var.private_subnet_ids) && output.autoscaling_group_subnet_ids == toset(var.private_subnet_ids)
    error_message = "Web instances must run in the private subnets only."
  }

  assert {
    condition     = aws_autoscaling_group.this.target_group_arns == toset([aws_lb_target_group.this.arn]) && aws_autoscaling_group.this.health_check_type == "ELB" && aws_autoscaling_group.this.launch_template[0].id == aws_launch_template.this.id
    error_message = "The group must register with the target group, use ELB health checks and the module's launch template."
  }

  assert {
    condition     = aws_lb_target_group.this.port == 7007 && aws_lb_target_group.this.health_check[0].path == "/.backstage/health/v1/readiness" && aws_lb_target_group.this.health_check[0].matcher == "200"
    error_message = "The target group must health-check the app's readiness endpoint on the app port."
  }

  assert {
    condition     = aws_lb_listener.this.port == 80 && aws_lb_listener.this.protocol == "HTTP" && aws_lb_listener.this.default_action[0].target_group_arn == aws_lb_target_group.this.arn
    error_message = "Without a certificate the listener serves HTTP on 80 and forwards to the target group."
  }

  assert {
    condition     = aws_launch_template.this.metadata_options[0].http_tokens == "required" && aws_launch_template.this.metadata_options[0].http_put_response_hop_limit == 1 && aws_launch_template.this.metadata_options[0].http_endpoint == "enabled"
    error_message = "The web launch template must require IMDSv2 with a hop limit of 1."
  }

  assert {
    condition     = aws_launch_template.this.image_id == "ami-0123456789abcdef0" && aws_launch_template.this.block_device_mappings[0].ebs[0].encrypted == "true" && aws_launch_template.this.vpc_security_group_ids == toset([aws_security_group.instance.id])
    error_message = "Instances must boot the SSM-published AMI with an encrypted root volume, in the instance security group."
  }

  assert {
    condition = (
      strcontains(base64decode(aws_launch_template.this.user_data), "docker run --rm --name videogen-web --network host") &&
      strcontains(base64decode(aws_launch_template.this.user_data), "docker pull ${var.container_image}") &&
      strcontains(base64decode(aws_launch_template.this.user_data), "--secret-id '${var.database_secret_arn}'") &&
      strcontains(base64decode(aws_launch_template.this.user_data), "POSTGRES_HOST=db.internal") &&
      strcontains(base64decode(aws_launch_template.this.user_data), "aws ecr get-login-password --region 'us-east-1' | docker login --username AWS --password-stdin '123456789012.dkr.ecr.us-east-1.amazonaws.com'")
    )
    error_message = "The user data must run the given image on the host network with its settings and the database secret."
  }

  assert {
    condition = (
      length(aws_vpc_security_group_ingress_rule.alb_cidr) == 1 &&
      aws_vpc_security_group_ingress_rule.alb_cidr["0.0.0.0/0"].from_port == 80 &&
      aws_vpc_security_group_ingress_rule.alb_cidr["0.0.0.0/0"].to_port == 80 &&
      aws_vpc_security_group_ingress_rule.alb_cidr["0.0.0.0/0"].security_group_id == aws_security_group.alb.id &&
      length(aws_vpc_security_group_ingress_rule.alb_prefix_list) == 0
    )
    error_message = "By default the ALB accepts its HTTP listener port from anywhere, and nothing else."
  }

  assert {
    condition = (
      aws_vpc_security_group_ingress_rule.instance_from_alb.security_group_id == aws_security_group.instance.id &&
      aws_vpc_security_group_ingress_rule.instance_from_alb.referenced_security_group_id == aws_security_group.alb.id &&
      aws_vpc_security_group_ingress_rule.instance_from_alb.cidr_ipv4 == null &&
      aws_vpc_security_group_ingress_rule.instance_from_alb.from_port == 7007 &&
      aws_vpc_security_group_ingress_rule.instance_from_alb.to_port == 7007
    )
    error_message = "Instances may only be reached from the ALB security group, on the app port."
  }

  assert {
    condition = alltrue([
      for rule in concat(values(aws_vpc_security_group_ingress_rule.alb_cidr), values(aws_vpc_security_group_ingress_rule.alb_prefix_list), [aws_vpc_security_group_ingress_rule.instance_from_alb]) :
      rule.cidr_ipv4 != "0.0.0.0/0" || (rule.security_group_id == aws_security_group.alb.id && contains([80, 443], rule.from_port) && rule.from_port == rule.to_port)
    ])
    error_message = "Only the ALB may accept traffic from 0.0.0.0/0, and only on 80 or 443."
  }

  assert {
    condition     = aws_vpc_security_group_egress_rule.alb_to_instances.referenced_security_group_id == aws_security_group.instance.id && aws_vpc_security_group_egress_rule.alb_to_instances.from_port == 7007
    error_message = "The ALB may only send traffic to the instances, on the app port."
  }

  assert {
    condition     = aws_autoscaling_policy.cpu.policy_type == "TargetTrackingScaling" && aws_autoscaling_policy.cpu.target_tracking_configuration[0].predefined_metric_specification[0].predefined_metric_type == "ASGAverageCPUUtilization" && aws_autoscaling_policy.cpu.target_tracking_configuration[0].target_value == 50
    error_message = "The group must scale by target tracking on average CPU."
  }

  assert {
    condition     = toset([for a in aws_iam_role_policy_attachment.instance : a.policy_arn]) == toset(["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly"]) && length(aws_iam_role_policy.app) == 0
    error_message = "By default the instance role gets Session Manager and ECR pulls; every other right comes from instance_policy_documents."
  }

  assert {
    condition     = length(aws_route53_record.origin) == 0 && output.origin_domain_name == aws_lb.this.dns_name && output.listener_protocol == "HTTP"
    error_message = "Without an origin name CloudFront must use the load balancer's own DNS name over HTTP."
  }
}

run "secrets_reach_the_instance_by_parameter_name_only" {
  assert {
    condition = (
      aws_ssm_parameter.secret["AUTH_GITHUB_CLIENT_SECRET"].type == "SecureString" &&
      aws_ssm_parameter.secret["AUTH_GITHUB_CLIENT_SECRET"].name == "/videogen/vg-test/web/AUTH_GITHUB_CLIENT_SECRET" &&
      aws_ssm_parameter.secret["BACKEND_SECRET"].name == "/videogen/vg-test/web/BACKEND_SECRET"
    )
    error_message = "Each secret must be an SSM SecureString parameter under secret_parameter_path."
  }

  assert {
    condition = (
      strcontains(base64decode(aws_launch_template.this.user_data), "AUTH_GITHUB_CLIENT_SECRET=/videogen/vg-test/web/AUTH_GITHUB_CLIENT_SECRET") &&
      strcontains(base64decode(aws_launch_template.this.user_data), "aws\", \"ssm\", \"get-parameters\"") &&
      !strcontains(base64decode(aws_launch_template.this.user_data), "github-secret-value-1234") &&
      !strcontains(base64decode(aws_launch_template.this.user_data), "backend-secret-value-5678")
    )
    error_message = "User data must carry the parameter names and read the values at boot, never the values themselves."
  }

  assert {
    condition     = output.secret_parameter_names == { AUTH_GITHUB_CLIENT_SECRET = "/videogen/vg-test/web/AUTH_GITHUB_CLIENT_SECRET", BACKEND_SECRET = "/videogen/vg-test/web/BACKEND_SECRET" }
    error_message = "The parameter names must be published for the instance policy."
  }
}

run "ami_stays_pinned_when_the_public_parameter_moves" {
  override_data {
    target = data.aws_ssm_parameter.ami[0]
    values = { value = "ami-0aaaaaaaaaaaaaaaa", insecure_value = "ami-0aaaaaaaaaaaaaaaa" }
  }

  assert {
    condition     = aws_launch_template.this.image_id == "ami-0123456789abcdef0" && output.ami_id == "ami-0123456789abcdef0"
    error_message = "The AMI resolved at the first apply must stay until ami_id says otherwise (no drift from a newer public AMI)."
  }
}

run "issues_origin_certificate_in_the_zone" {
  command = plan

  variables {
    issue_certificate  = true
    origin_domain_name = "vg-test-eu-west-1.origin.example.com"
    route53_zone_id    = "Z0123456789ABCDEFGHIJ"
  }

  assert {
    condition     = aws_acm_certificate.origin[0].domain_name == "vg-test-eu-west-1.origin.example.com" && aws_acm_certificate.origin[0].validation_method == "DNS"
    error_message = "Without certificate_arn a DNS-validated certificate for the origin name must be requested."
  }

  assert {
    condition     = aws_lb_listener.this.port == 443 && aws_lb_listener.this.protocol == "HTTPS"
    error_message = "The issued certificate must serve HTTPS on 443."
  }
}

run "https_listener_reachable_from_cloudfront_only" {
  command = plan

  variables {
    certificate_arn             = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
    alb_ingress_cidr_blocks     = []
    alb_ingress_prefix_list_ids = ["pl-3b927c52"]
    ami_id                      = "ami-0fedcba9876543210"
    origin_domain_name          = "origin.video.example.com"
    route53_zone_id             = "Z0123456789ABCDEFGHIJ"
  }

  assert {
    condition     = aws_route53_record.origin["A"].name == "origin.video.example.com" && output.origin_domain_name == "origin.video.example.com"
    error_message = "The origin name must alias the load balancer and be what CloudFront uses."
  }

  assert {
    condition     = aws_lb_listener.this.port == 443 && aws_lb_listener.this.protocol == "HTTPS" && aws_lb_listener.this.ssl_policy == "ELBSecurityPolicy-TLS13-1-2-2021-06" && aws_lb_listener.this.certificate_arn == var.certificate_arn
    error_message = "With a certificate the listener serves HTTPS on 443 with a TLS 1.2+ policy."
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.alb_cidr) == 0 && aws_vpc_security_group_ingress_rule.alb_prefix_list["pl-3b927c52"].from_port == 443 && aws_vpc_security_group_ingress_rule.alb_prefix_list["pl-3b927c52"].cidr_ipv4 == null
    error_message = "Restricted to a prefix list, the ALB accepts HTTPS from it alone."
  }

  assert {
    condition     = aws_launch_template.this.image_id == "ami-0fedcba9876543210" && length(data.aws_ssm_parameter.ami) == 0
    error_message = "An explicit ami_id must be used as is."
  }
}

run "rejects_invalid_inputs" {
  command = plan

  variables {
    name              = ""
    container_image   = ""
    public_subnet_ids = ["subnet-0pub0000000000001"]
    desired_capacity  = 5
  }

  expect_failures = [
    var.name,
    var.container_image,
    var.public_subnet_ids,
    var.desired_capacity,
  ]
}
