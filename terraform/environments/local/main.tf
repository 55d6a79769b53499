# The local environment has nothing to create outside Terraform: the Backstage
# backend provides the queue (a table in its SQLite database), the worker pool
# and the storage directory itself. These terraform_data resources record the
# environment's settings in state, so that provision, change and destroy go
# through the same Terraform run flow as in AWS and the outputs have the same
# names as the aws root's.

locals {
  storage_path = trimsuffix(var.storage_path, "/")
  queue_name   = coalesce(var.queue_name, "${var.name}-jobs")
}

resource "terraform_data" "environment" {
  input = {
    name   = var.name
    region = "local"
  }
}

resource "terraform_data" "storage" {
  input = {
    root    = local.storage_path
    uploads = "${local.storage_path}/uploads"
    videos  = "${local.storage_path}/videos"
  }
}

resource "terraform_data" "job_queue" {
  input = {
    name         = local.queue_name
    worker_slots = var.worker_slots
  }

  # A queue belongs to one environment.
  triggers_replace = [terraform_data.environment.output.name]
}
