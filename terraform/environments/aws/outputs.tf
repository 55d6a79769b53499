# The names of the first fourteen outputs are a contract with the Backstage
# plugins (they read `terraform output -json`); keep them stable.

output "environment_name" {
  description = "Name of the environment."
  value       = var.name
}

output "region" {
  description = "AWS region of the environment."
  value       = var.region
}

output "cluster_name" {
  description = "Name of the EKS cluster."
  value       = module.eks.cluster_name
}

output "cluster_arn" {
  description = "ARN of the EKS cluster (the catalog's kubernetes.io/x-k8s-aws-id is its name)."
  value       = module.eks.cluster_arn
}

output "node_group_names" {
  description = "Names of the EKS managed node groups (list)."
  value       = module.eks.node_group_names
}

output "job_queue_arn" {
  description = "ARN of the AWS Batch job queue of the generator; null until batch_kubernetes_prepared is true."
  value       = module.batch.job_queue_arn
}

output "job_queue_name" {
  description = "Name of the AWS Batch job queue of the generator; null until batch_kubernetes_prepared is true."
  value       = module.batch.job_queue_name
}

output "job_definition_arn" {
  description = "ARN (with revision) of the generator's job definition."
  value       = module.batch.job_definition_arn
}

output "uploads_bucket" {
  description = "Name of the S3 bucket for uploaded photos and scripts."
  value       = module.storage.uploads_bucket
}

output "videos_bucket" {
  description = "Name of the S3 bucket for generated videos (private, served through CloudFront)."
  value       = module.storage.videos_bucket
}

output "cloudfront_domain" {
  description = "CloudFront domain name of the platform (dxxxx.cloudfront.net)."
  value       = module.cdn.domain_name
}

output "load_balancer_dns_name" {
  description = "DNS name of the web tier's load balancer (CloudFront's origin; not meant for browsers)."
  value       = module.web.load_balancer_dns_name
}

output "database_endpoint" {
  description = "Host name of the RDS PostgreSQL instance (port in database_port)."
  value       = module.database.endpoint
}

output "database_secret_arn" {
  description = "ARN of the Secrets Manager secret RDS manages for the master user."
  value       = module.database.master_user_secret_arn
}

# Further outputs, for people and scripts.

output "public_url" {
  description = "HTTPS URL of the platform (custom domain, or the CloudFront domain)."
  value       = module.cdn.url
}

output "database_port" {
  description = "Port of the RDS PostgreSQL instance."
  value       = module.database.port
}

output "cloudfront_distribution_id" {
  description = "ID of the CloudFront distribution (for invalidations)."
  value       = module.cdn.distribution_id
}

output "vpc_id" {
  description = "ID of the VPC."
  value       = module.network.vpc_id
}

output "private_subnet_ids" {
  description = "Private subnets (EKS nodes, generator jobs, web instances, database)."
  value       = module.network.private_subnet_ids
}

output "availability_zones" {
  description = "Availability zones in use."
  value       = module.network.availability_zones
}

output "cluster_endpoint_public_access" {
  description = "Whether the Kubernetes API is reachable from the internet (listed CIDRs only)."
  value       = module.eks.cluster_endpoint_public_access
}

output "worker_role_arn" {
  description = "IAM role of the generator pods (EKS Pod Identity)."
  value       = module.batch.worker_role_arn
}

output "batch_kubernetes_namespace" {
  description = "Kubernetes namespace of the generator jobs."
  value       = module.batch.kubernetes_namespace
}

output "batch_kubernetes_manifests" {
  description = "Namespace, service account and RBAC that AWS Batch on EKS needs: terraform output -raw batch_kubernetes_manifests | kubectl apply -f -"
  value       = module.batch.kubernetes_manifests
}

output "kubeconfig_command" {
  description = "Command that writes a kubeconfig entry for the cluster."
  value       = "aws eks update-kubeconfig --region ${var.region} --name ${module.eks.cluster_name}"
}

# Read by the platform after an apply: the cluster for the Kubernetes plugin
# and the post-apply RBAC step, the environment's own resources.

output "cluster_endpoint" {
  description = "URL of the Kubernetes API server (private endpoint unless public CIDRs are listed); the kubernetes.io/api-server annotation."
  value       = module.eks.cluster_endpoint
}

output "cluster_certificate_authority_data" {
  description = "Base64-encoded CA certificate of the Kubernetes API server; the kubernetes.io/api-server-certificate-authority annotation."
  value       = module.eks.cluster_certificate_authority_data
}

output "job_definition_name" {
  description = "Name of the generator's job definition (SubmitJob takes the latest active revision by name)."
  value       = module.batch.job_definition_name
}

output "job_definition_arn_prefix" {
  description = "ARN of the generator's job definition without its revision."
  value       = module.batch.job_definition_arn_prefix
}

output "uploads_bucket_arn" {
  description = "ARN of the uploads bucket."
  value       = module.storage.uploads_bucket_arn
}

output "videos_bucket_arn" {
  description = "ARN of the videos bucket."
  value       = module.storage.videos_bucket_arn
}

output "web_role_arn" {
  description = "IAM role of the web tier, i.e. of the platform backend: the principal of terraform/policies/web.json.tftpl and of the EKS access entry."
  value       = module.web.instance_role_arn
}

output "web_secret_parameter_names" {
  description = "SSM SecureString parameters holding the web container's secrets, by variable name (no values)."
  value       = module.web.secret_parameter_names
}

output "batch_kubernetes_prepared" {
  description = "Whether the Batch compute environment and job queue exist (the run engine applied the namespace and RBAC and set batch_kubernetes_prepared)."
  value       = module.batch.kubernetes_prepared
}

output "batch_kubernetes_service_account" {
  description = "Service account of the generator pods in batch_kubernetes_namespace."
  value       = module.batch.service_account_name
}

output "web_ami_id" {
  description = "AMI the web instances run (pinned at the first apply unless web_ami_id is set)."
  value       = module.web.ami_id
}

output "origin_protocol" {
  description = "Protocol between CloudFront and the load balancer: HTTPS, or HTTP with allow_insecure_origin."
  value       = module.web.listener_protocol
}

output "oidc_metadata_url" {
  description = "Discovery document of the OpenID Connect issuer the web tier signs users in with (the Cognito user pool's, unless create_cognito is false)."
  value       = local.oidc_metadata_url
}

output "oidc_client_id" {
  description = "Client ID of the web tier at the OpenID Connect issuer (its secret is in SSM, web_secret_parameter_names.AUTH_OIDC_CLIENT_SECRET)."
  value       = local.oidc_client_id
}

output "oidc_callback_url" {
  description = "Callback URL to register at the OpenID Connect issuer."
  value       = local.oidc_callback_url
}

output "cognito_user_pool_id" {
  description = "ID of the Cognito user pool (add users there, with the email of their catalog User); null when create_cognito is false."
  value       = var.create_cognito ? aws_cognito_user_pool.web[0].id : null
}

output "cognito_hosted_ui_url" {
  description = "Base URL of the Cognito hosted UI; null when create_cognito is false."
  value       = var.create_cognito ? "https://${aws_cognito_user_pool_domain.web[0].domain}.auth.${var.region}.amazoncognito.com" : null
}
