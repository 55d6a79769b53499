# Stands in for terraform/environments/aws in the run engine's Batch-on-EKS
# tests: the same contract (variable batch_kubernetes_prepared; outputs
# cluster_name, cluster_endpoint, cluster_certificate_authority_data,
# batch_kubernetes_manifests, batch_kubernetes_prepared) with built-in
# resources only. The cluster is the test's fake Kubernetes API; the
# manifests are the real template. No backend block: the state is local, in
# the copy of this root the test makes.

variable "name" {
  type = string
}

variable "region" {
  type = string
}

variable "batch_kubernetes_prepared" {
  type    = bool
  default = false
}

variable "cluster_endpoint" {
  type = string
}

variable "cluster_ca_data" {
  type = string
}

variable "manifests_template" {
  type = string
}

resource "terraform_data" "cluster" {
  input = {
    name     = "${var.name}-cluster"
    endpoint = var.cluster_endpoint
  }
}

# Created only once the namespace and RBAC exist, as in the batch module.
resource "terraform_data" "compute_environment" {
  count = var.batch_kubernetes_prepared ? 1 : 0
  input = "${var.name}-ce"
}

resource "terraform_data" "job_queue" {
  count = var.batch_kubernetes_prepared ? 1 : 0
  input = "${terraform_data.compute_environment[0].output}-queue"
}

output "cluster_name" {
  value = terraform_data.cluster.output.name
}

output "cluster_endpoint" {
  value = var.cluster_endpoint
}

output "cluster_certificate_authority_data" {
  value = var.cluster_ca_data
}

output "batch_kubernetes_namespace" {
  value = "videogen-jobs"
}

output "batch_kubernetes_manifests" {
  value = templatefile(var.manifests_template, {
    namespace            = "videogen-jobs"
    service_account_name = "videogen-worker"
    batch_user           = "aws-batch"
  })
}

output "batch_kubernetes_prepared" {
  value = var.batch_kubernetes_prepared
}

output "job_queue_name" {
  value = var.batch_kubernetes_prepared ? terraform_data.job_queue[0].output : null
}
