data "aws_partition" "current" {}

data "aws_ssm_parameter" "ami" {
  count = var.ami_id == null ? 1 : 0

  name = var.ami_ssm_parameter
}

# Without an explicit ami_id, the latest AMI is resolved at the first apply
# and kept in state: later plans (and drift checks) do not follow the public
# parameter. Move on with ami_id, or with
#   terraform apply -replace='module.web.terraform_data.default_ami[0]'
resource "terraform_data" "default_ami" {
  count = var.ami_id == null ? 1 : 0

  input = nonsensitive(data.aws_ssm_parameter.ami[0].value)

  lifecycle {
    ignore_changes = [input]
  }
}

locals {
  partition = data.aws_partition.current.partition

  # ALB and target group names are limited to 32 characters.
  lb_name = trimsuffix(substr("${var.name}-web", 0, 32), "-")

  # HTTPS with a given certificate, or one issued here for origin_domain_name
  # and validated in route53_zone_id.
  issue_certificate = var.certificate_arn == null && var.issue_certificate
  https             = var.certificate_arn != null || local.issue_certificate
  certificate_arn   = var.certificate_arn != null ? var.certificate_arn : local.issue_certificate ? aws_acm_certificate_validation.origin[0].certificate_arn : null
  listener_port     = local.https ? 443 : 80

  ami_id = var.ami_id != null ? var.ami_id : terraform_data.default_ami[0].output

  # Secrets reach the instance as SSM parameter names only; the boot script
  # reads the values (SecureString) when the container starts.
  secret_parameter_names = { for key in nonsensitive(keys(var.secret_environment)) : key => "${var.secret_parameter_path}/${key}" }

  # Images in ECR are pulled after a login to their registry, in the
  # registry's own region.
  ecr_registry = try(regex("^[0-9]{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com(?:\\.cn)?", var.container_image), "")
  ecr_region   = try(regex("^[0-9]{12}\\.dkr\\.ecr\\.([a-z0-9-]+)\\.", var.container_image)[0], "")

  user_data = templatefile("${path.module}/templates/user-data.sh.tftpl", {
    image               = var.container_image
    ecr_registry        = local.ecr_registry
    ecr_region          = local.ecr_region
    container_port      = var.container_port
    environment         = var.container_environment
    database_secret_arn = var.database_secret_arn
    secret_parameters   = local.secret_parameter_names
  })
}

################################################################################
# Security groups: internet (or CloudFront) -> ALB -> instances, nothing else
################################################################################

resource "aws_security_group" "alb" {
  name        = "${var.name}-web-alb"
  description = "Load balancer of the ${var.name} web tier"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-web-alb" })
}

resource "aws_vpc_security_group_ingress_rule" "alb_cidr" {
  for_each = toset(var.alb_ingress_cidr_blocks)

  security_group_id = aws_security_group.alb.id
  description       = "${local.https ? "HTTPS" : "HTTP"} from ${each.value}"
  ip_protocol       = "tcp"
  from_port         = local.listener_port
  to_port           = local.listener_port
  cidr_ipv4         = each.value

  tags = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "alb_prefix_list" {
  for_each = toset(var.alb_ingress_prefix_list_ids)

  security_group_id = aws_security_group.alb.id
  description       = "${local.https ? "HTTPS" : "HTTP"} from prefix list ${each.value}"
  ip_protocol       = "tcp"
  from_port         = local.listener_port
  to_port           = local.listener_port
  prefix_list_id    = each.value

  tags = var.tags
}

resource "aws_vpc_security_group_egress_rule" "alb_to_instances" {
  security_group_id            = aws_security_group.alb.id
  description                  = "App port on the web instances"
  ip_protocol                  = "tcp"
  from_port                    = var.container_port
  to_port                      = var.container_port
  referenced_security_group_id = aws_security_group.instance.id

  tags = var.tags
}

resource "aws_security_group" "instance" {
  name        = "${var.name}-web-instance"
  description = "Web instances of ${var.name}: app port from the load balancer only"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-web-instance" })
}

resource "aws_vpc_security_group_ingress_rule" "instance_from_alb" {
  security_group_id            = aws_security_group.instance.id
  description                  = "App port from the load balancer"
  ip_protocol                  = "tcp"
  from_port                    = var.container_port
  to_port                      = var.container_port
  referenced_security_group_id = aws_security_group.alb.id

  tags = var.tags
}

# Outbound HTTPS: AWS APIs (S3, Batch, EKS, Secrets Manager, SSM), the image
# registry and OS packages, through the NAT gateway or the S3 endpoint.
resource "aws_vpc_security_group_egress_rule" "instance_https" {
  security_group_id = aws_security_group.instance.id
  description       = "HTTPS to AWS APIs and registries"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"

  tags = var.tags
}

resource "aws_vpc_security_group_egress_rule" "instance_postgres" {
  security_group_id = aws_security_group.instance.id
  description       = "PostgreSQL inside the VPC"
  ip_protocol       = "tcp"
  from_port         = 5432
  to_port           = 5432
  cidr_ipv4         = var.vpc_cidr_block

  tags = var.tags
}

################################################################################
# Load balancer
################################################################################

resource "aws_lb" "this" {
  name                       = local.lb_name
  load_balancer_type         = "application"
  internal                   = false
  subnets                    = var.public_subnet_ids
  security_groups            = [aws_security_group.alb.id]
  drop_invalid_header_fields = true
  enable_deletion_protection = var.enable_deletion_protection

  tags = var.tags
}

resource "aws_lb_target_group" "this" {
  name                 = local.lb_name
  vpc_id               = var.vpc_id
  target_type          = "instance"
  protocol             = "HTTP"
  port                 = var.container_port
  deregistration_delay = 30

  health_check {
    path                = var.health_check_path
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  tags = var.tags
}

resource "aws_lb_listener" "this" {
  load_balancer_arn = aws_lb.this.arn
  port              = local.listener_port
  protocol          = local.https ? "HTTPS" : "HTTP"
  ssl_policy        = local.https ? var.ssl_policy : null
  certificate_arn   = local.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }

  tags = var.tags
}

################################################################################
# Instance role: the AWS-managed policies in instance_managed_policy_names
# (ECR pulls; by default also SSM Session Manager) and the caller's
# instance_policy_documents, which must let the instance read
# database_secret_arn and the parameters under secret_parameter_path (the
# aws root renders them from terraform/policies/web.json.tftpl).
################################################################################

resource "aws_iam_role" "instance" {
  name_prefix = "${substr(var.name, 0, 20)}-web-"
  description = "Web instances of ${var.name}"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Ec2Instances"
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "instance" {
  for_each = toset(var.instance_managed_policy_names)

  role       = aws_iam_role.instance.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/${each.value}"
}

resource "aws_iam_role_policy" "app" {
  for_each = var.instance_policy_documents

  name   = each.key
  role   = aws_iam_role.instance.id
  policy = each.value
}

resource "aws_iam_instance_profile" "instance" {
  name_prefix = "${substr(var.name, 0, 20)}-web-"
  role        = aws_iam_role.instance.name

  tags = var.tags
}

################################################################################
# Launch template and Auto Scaling group
################################################################################

resource "aws_launch_template" "this" {
  name_prefix            = "${var.name}-web-"
  description            = "Web tier of ${var.name}"
  image_id               = local.ami_id
  instance_type          = var.instance_type
  vpc_security_group_ids = [aws_security_group.instance.id]
  user_data              = base64encode(local.user_data)
  update_default_version = true

  iam_instance_profile {
    arn = aws_iam_instance_profile.instance.arn
  }

  # IMDSv2 only, one hop: the container shares the host network, so it still
  # gets the instance role; nothing further away can reach the metadata.
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
    instance_metadata_tags      = "disabled"
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size           = var.root_volume_size_gb
      volume_type           = "gp3"
      encrypted             = true
      delete_on_termination = true
    }
  }

  monitoring {
    enabled = true
  }

  tag_specifications {
    resource_type = "instance"
    tags          = merge(var.tags, { Name = "${var.name}-web" })
  }

  tag_specifications {
    resource_type = "volume"
    tags          = merge(var.tags, { Name = "${var.name}-web" })
  }

  tags = var.tags
}

resource "aws_autoscaling_group" "this" {
  name_prefix         = "${var.name}-web-"
  vpc_zone_identifier = var.private_subnet_ids
  target_group_arns   = [aws_lb_target_group.this.arn]

  min_size         = var.min_size
  max_size         = var.max_size
  desired_capacity = var.desired_capacity

  # An instance is replaced when the load balancer finds it unhealthy, not
  # only when EC2 does. The grace period covers image pull and app start.
  health_check_type         = "ELB"
  health_check_grace_period = 600
  default_instance_warmup   = 300

  launch_template {
    id      = aws_launch_template.this.id
    version = aws_launch_template.this.latest_version
  }

  # A new launch template version (new image, new settings) rolls through
  # the group while at least half of it keeps serving.
  instance_refresh {
    strategy = "Rolling"

    preferences {
      min_healthy_percentage = 50
    }
  }

  dynamic "tag" {
    for_each = merge(var.tags, { Name = "${var.name}-web" })

    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = true
    }
  }

  lifecycle {
    # Target tracking owns the running size.
    ignore_changes = [desired_capacity]
  }

  # Instances read the database secret and the secret parameters at boot.
  depends_on = [aws_iam_role_policy.app, aws_iam_role_policy_attachment.instance]
}

resource "aws_autoscaling_policy" "cpu" {
  name                   = "${var.name}-web-cpu-target"
  autoscaling_group_name = aws_autoscaling_group.this.name
  policy_type            = "TargetTrackingScaling"

  target_tracking_configuration {
    target_value = var.target_cpu_utilization

    predefined_metric_specification {
      predefined_metric_type = "ASGAverageCPUUtilization"
    }
  }
}

################################################################################
# Optional origin name for HTTPS between CloudFront and the load balancer
################################################################################

resource "aws_route53_record" "origin" {
  for_each = var.origin_domain_name != null && var.route53_zone_id != null ? toset(["A"]) : toset([])

  zone_id = var.route53_zone_id
  name    = var.origin_domain_name
  type    = each.value

  alias {
    name                   = aws_lb.this.dns_name
    zone_id                = aws_lb.this.zone_id
    evaluate_target_health = true
  }
}

################################################################################
# Secrets of the app container: SSM SecureString parameters. Only their names
# reach the instance (user data); values are read at every container start.
################################################################################

resource "aws_ssm_parameter" "secret" {
  for_each = local.secret_parameter_names

  name        = each.value
  description = "Secret ${each.key} of the ${var.name} web tier"
  type        = "SecureString"
  value       = var.secret_environment[each.key]

  tags = var.tags
}

################################################################################
# Optional regional certificate for origin_domain_name, validated in Route 53
################################################################################

resource "aws_acm_certificate" "origin" {
  count = local.issue_certificate ? 1 : 0

  domain_name       = var.origin_domain_name
  validation_method = "DNS"

  tags = var.tags

  lifecycle {
    create_before_destroy = true

    precondition {
      condition     = var.origin_domain_name != null && var.route53_zone_id != null
      error_message = "issue_certificate needs origin_domain_name and route53_zone_id (DNS validation)."
    }
  }
}

resource "aws_route53_record" "origin_certificate_validation" {
  # Keyed by the known name so the plan does not wait for ACM's answer.
  for_each = local.issue_certificate ? toset([var.origin_domain_name]) : toset([])

  zone_id         = var.route53_zone_id
  name            = { for o in aws_acm_certificate.origin[0].domain_validation_options : o.domain_name => o.resource_record_name }[each.key]
  type            = { for o in aws_acm_certificate.origin[0].domain_validation_options : o.domain_name => o.resource_record_type }[each.key]
  records         = [{ for o in aws_acm_certificate.origin[0].domain_validation_options : o.domain_name => o.resource_record_value }[each.key]]
  ttl             = 300
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "origin" {
  count = local.issue_certificate ? 1 : 0

  certificate_arn         = aws_acm_certificate.origin[0].arn
  validation_record_fqdns = [for record in aws_route53_record.origin_certificate_validation : record.fqdn]
}
