variable "name" {
  description = "Environment name: 3-32 characters of lowercase letters, digits and hyphens, starting and ending with a letter or digit."
  type        = string
  default     = "local"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 characters of lowercase letters, digits and hyphens, starting and ending with a letter or digit."
  }
}

variable "storage_path" {
  description = "Directory holding the local object storage (uploads/ and videos/ below it). Relative paths are relative to the Backstage backend's working directory."
  type        = string
  default     = ".data/storage"

  validation {
    condition     = length(trimspace(var.storage_path)) > 0 && trimspace(var.storage_path) == var.storage_path && trimsuffix(var.storage_path, "/") != ""
    error_message = "storage_path must be a non-empty path without surrounding whitespace (and not /)."
  }
}

variable "worker_slots" {
  description = "Number of local worker processes that take jobs from the queue at once."
  type        = number
  default     = 1

  validation {
    condition     = var.worker_slots >= 1 && var.worker_slots <= 64 && floor(var.worker_slots) == var.worker_slots
    error_message = "worker_slots must be a whole number between 1 and 64."
  }
}

variable "queue_name" {
  description = "Name of the local job queue; null derives \"<name>-jobs\"."
  type        = string
  default     = null

  validation {
    condition     = var.queue_name == null || can(regex("^[A-Za-z0-9_-]{1,128}$", var.queue_name))
    error_message = "queue_name must be 1-128 letters, digits, hyphens or underscores (the AWS Batch rule)."
  }
}
