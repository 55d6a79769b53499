output "load_balancer_dns_name" {
  description = "DNS name of the Application Load Balancer (CloudFront's web origin)."
  value       = aws_lb.this.dns_name
}

output "load_balancer_arn" {
  description = "ARN of the Application Load Balancer."
  value       = aws_lb.this.arn
}

output "load_balancer_zone_id" {
  description = "Route 53 hosted zone ID of the load balancer, for alias records."
  value       = aws_lb.this.zone_id
}

output "listener_protocol" {
  description = "Protocol of the load balancer listener: HTTPS when certificate_arn is set, else HTTP."
  value       = aws_lb_listener.this.protocol
}

output "listener_port" {
  description = "Port of the load balancer listener (443 or 80)."
  value       = aws_lb_listener.this.port
}

output "alb_security_group_id" {
  description = "Security group of the load balancer."
  value       = aws_security_group.alb.id
}

output "instance_security_group_id" {
  description = "Security group of the web instances (give it to the database as an allowed client)."
  value       = aws_security_group.instance.id
}

output "autoscaling_group_name" {
  description = "Name of the Auto Scaling group of the web instances."
  value       = aws_autoscaling_group.this.name
}

output "autoscaling_group_subnet_ids" {
  description = "Subnets the web instances run in."
  value       = aws_autoscaling_group.this.vpc_zone_identifier
}

output "target_group_arn" {
  description = "ARN of the target group of the web instances."
  value       = aws_lb_target_group.this.arn
}

output "instance_role_arn" {
  description = "ARN of the IAM role of the web instances."
  value       = aws_iam_role.instance.arn
}

output "launch_template_id" {
  description = "ID of the web launch template."
  value       = aws_launch_template.this.id
}

output "origin_domain_name" {
  description = "Name CloudFront should use for this origin: origin_domain_name when set, else the load balancer's DNS name."
  value       = coalesce(var.origin_domain_name, aws_lb.this.dns_name)
}

output "secret_parameter_names" {
  description = "SSM SecureString parameters holding the app's secrets, by environment variable name."
  value       = local.secret_parameter_names
}

output "secret_parameter_arns" {
  description = "ARNs of the secret parameters."
  value       = [for key in sort(keys(aws_ssm_parameter.secret)) : aws_ssm_parameter.secret[key].arn]
}

output "ami_id" {
  description = "AMI the web instances run (pinned: see ami_id)."
  value       = local.ami_id
}

output "load_balancer_deletion_protection" {
  description = "Whether the load balancer refuses deletion."
  value       = aws_lb.this.enable_deletion_protection
}

output "certificate_arn" {
  description = "Certificate of the HTTPS listener (given or issued), or null for HTTP."
  value       = local.certificate_arn
}
