output "compute_environment_arn" {
  description = "ARN of the EKS-type AWS Batch compute environment; null until kubernetes_prepared is true."
  value       = one(aws_batch_compute_environment.this[*].arn)
}

output "compute_environment_subnet_ids" {
  description = "Subnets the Batch-managed nodes (and so the generator pods) are launched in."
  value       = one(aws_batch_compute_environment.this[*].compute_resources[0].subnets)
}

output "job_queue_arn" {
  description = "ARN of the generator job queue; null until kubernetes_prepared is true."
  value       = one(aws_batch_job_queue.this[*].arn)
}

output "job_queue_name" {
  description = "Name of the generator job queue; null until kubernetes_prepared is true."
  value       = one(aws_batch_job_queue.this[*].name)
}

output "job_definition_arn" {
  description = "ARN of the current revision of the worker job definition."
  value       = aws_batch_job_definition.worker.arn
}

output "job_definition_arn_prefix" {
  description = "ARN of the worker job definition without its revision, for IAM policies that allow any revision."
  value       = aws_batch_job_definition.worker.arn_prefix
}

output "job_definition_name" {
  description = "Name of the worker job definition."
  value       = aws_batch_job_definition.worker.name
}

output "worker_role_arn" {
  description = "ARN of the IAM role the generator pods get through EKS Pod Identity."
  value       = aws_iam_role.worker.arn
}

output "batch_node_role_arn" {
  description = "ARN of the IAM role of the nodes AWS Batch launches."
  value       = aws_iam_role.batch_node.arn
}

output "kubernetes_namespace" {
  description = "Namespace the job pods run in."
  value       = var.kubernetes_namespace
}

output "service_account_name" {
  description = "Service account the job pods run as."
  value       = var.service_account_name
}

output "kubernetes_manifests" {
  description = "Namespace, service account and RBAC that AWS Batch on EKS requires, as one multi-document YAML to pipe into kubectl apply -f -."
  value       = local.kubernetes_manifests
}

output "kubernetes_prepared" {
  description = "Whether the compute environment and job queue exist (the caller confirmed the namespace and RBAC are applied)."
  value       = var.kubernetes_prepared
}

output "worker_policy_json" {
  description = "The worker role's policy, rendered from terraform/policies/worker.json.tftpl."
  value       = aws_iam_role_policy.worker.policy
}

output "job_queue_iam_arn" {
  description = "ARN the job queue has (or will have once kubernetes_prepared is true), for IAM policies written before it exists."
  value       = "arn:${local.partition}:batch:${data.aws_region.current.name}:${local.account_id}:job-queue/${local.job_queue_name}"
}

output "job_queue_expected_name" {
  description = "Name the job queue has (or will have once kubernetes_prepared is true), for settings written before it exists."
  value       = local.job_queue_name
}
