# Real applies of the local root (terraform_data only: no provider at all).

run "defaults" {
  command = apply

  assert {
    condition     = output.environment_name == "local" && output.region == "local"
    error_message = "name must default to \"local\" and region must be \"local\"."
  }

  assert {
    condition     = output.job_queue_name == "local-jobs"
    error_message = "The queue name must default to <name>-jobs."
  }

  assert {
    condition     = output.storage_path == ".data/storage" && output.uploads_bucket == ".data/storage/uploads" && output.videos_bucket == ".data/storage/videos"
    error_message = "Storage locations must default to .data/storage/{uploads,videos}."
  }

  assert {
    condition     = output.worker_slots == 1
    error_message = "One worker slot by default."
  }

  assert {
    condition     = terraform_data.job_queue.output.name == "local-jobs" && terraform_data.storage.output.root == ".data/storage" && terraform_data.environment.id != null
    error_message = "The apply must record the settings in state."
  }
}

run "custom_settings" {
  command = apply

  variables {
    name         = "team-a-42"
    storage_path = "/var/lib/videogen/storage/"
    worker_slots = 8
    queue_name   = "render_queue"
  }

  assert {
    condition     = output.storage_path == "/var/lib/videogen/storage" && output.uploads_bucket == "/var/lib/videogen/storage/uploads" && output.videos_bucket == "/var/lib/videogen/storage/videos"
    error_message = "A trailing slash must be dropped and the sub-directories derived from storage_path."
  }

  assert {
    condition     = output.worker_slots == 8 && output.job_queue_name == "render_queue" && output.environment_name == "team-a-42"
    error_message = "worker_slots, queue_name and name must be taken as given."
  }
}

run "rejects_empty_name_zero_slots_and_empty_path" {
  command = plan

  variables {
    name         = ""
    worker_slots = 0
    storage_path = ""
  }

  expect_failures = [
    var.name,
    var.worker_slots,
    var.storage_path,
  ]
}

run "rejects_uppercase_name_and_too_many_slots" {
  command = plan

  variables {
    name         = "Dev_Env"
    worker_slots = 65
  }

  expect_failures = [
    var.name,
    var.worker_slots,
  ]
}

run "rejects_long_name_fractional_slots_and_bad_queue" {
  command = plan

  variables {
    name         = "a-name-that-is-much-longer-than-32"
    worker_slots = 2.5
    queue_name   = "no spaces allowed"
  }

  expect_failures = [
    var.name,
    var.worker_slots,
    var.queue_name,
  ]
}
