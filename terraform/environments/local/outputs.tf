# Same names as the aws root where the meaning is the same.

output "environment_name" {
  description = "Name of the environment."
  value       = terraform_data.environment.output.name
}

output "region" {
  description = "Always \"local\"."
  value       = terraform_data.environment.output.region
}

output "job_queue_name" {
  description = "Name of the local job queue."
  value       = terraform_data.job_queue.output.name
}

output "uploads_bucket" {
  description = "Directory of uploads (storage_path/uploads): the local counterpart of the uploads bucket name, with no scheme, as the bucket name has none."
  value       = terraform_data.storage.output.uploads
}

output "videos_bucket" {
  description = "Directory of videos (storage_path/videos): the local counterpart of the videos bucket name."
  value       = terraform_data.storage.output.videos
}

output "storage_path" {
  description = "Root directory of the local object storage, without a trailing slash."
  value       = terraform_data.storage.output.root
}

output "worker_slots" {
  description = "Number of local worker processes."
  value       = terraform_data.job_queue.output.worker_slots
}
