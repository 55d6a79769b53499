data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

locals {
  partition  = data.aws_partition.current.partition
  account_id = data.aws_caller_identity.current.account_id
  iam_prefix = substr(var.name, 0, 20)

  uploads_bucket_arn = "arn:${local.partition}:s3:::${var.uploads_bucket_name}"
  videos_bucket_arn  = "arn:${local.partition}:s3:::${var.videos_bucket_name}"

  # EKS access entries take the service-linked role without its
  # aws-service-role/batch.amazonaws.com/ path.
  batch_service_role_arn = "arn:${local.partition}:iam::${local.account_id}:role/AWSServiceRoleForBatch"

  # Kubernetes user name the RBAC manifests bind; AWS Batch expects it.
  batch_kubernetes_user = "aws-batch"

  job_queue_name = "${var.name}-generator"

  worker_vcpus_limit = coalesce(var.worker_vcpus_limit, var.worker_vcpus)

  worker_environment = merge(
    {
      UPLOADS_BUCKET     = var.uploads_bucket_name
      VIDEOS_BUCKET      = var.videos_bucket_name
      AWS_REGION         = data.aws_region.current.name
      AWS_DEFAULT_REGION = data.aws_region.current.name
      HOME               = "/tmp"
      TMPDIR             = "/tmp"
    },
    var.worker_environment,
  )

  # One source for Terraform and the run engine (which applies them): the
  # template's variables are documented in its header.
  kubernetes_manifests = templatefile("${path.module}/manifests/batch-on-eks.yaml.tftpl", {
    namespace            = var.kubernetes_namespace
    service_account_name = var.service_account_name
    batch_user           = local.batch_kubernetes_user
  })
}

################################################################################
# AWS Batch's access to the cluster: an access entry for its service-linked
# role, mapped to the Kubernetes user that the RBAC manifests bind.
################################################################################

resource "aws_iam_service_linked_role" "batch" {
  count = var.create_service_linked_role ? 1 : 0

  aws_service_name = "batch.amazonaws.com"

  tags = var.tags
}

resource "aws_eks_access_entry" "batch_service" {
  cluster_name  = var.cluster_name
  principal_arn = local.batch_service_role_arn
  user_name     = local.batch_kubernetes_user
  type          = "STANDARD"

  tags = var.tags

  depends_on = [aws_iam_service_linked_role.batch]
}

################################################################################
# Nodes AWS Batch launches into the cluster
################################################################################

resource "aws_iam_role" "batch_node" {
  name_prefix = "${local.iam_prefix}-batch-node-"
  description = "Nodes AWS Batch launches into EKS cluster ${var.cluster_name}"

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

resource "aws_iam_role_policy_attachment" "batch_node" {
  for_each = toset([
    "AmazonEKSWorkerNodePolicy",
    "AmazonEC2ContainerRegistryPullOnly",
  ])

  role       = aws_iam_role.batch_node.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/${each.value}"
}

resource "aws_iam_instance_profile" "batch_node" {
  name_prefix = "${local.iam_prefix}-batch-node-"
  role        = aws_iam_role.batch_node.name

  tags = var.tags
}

resource "aws_eks_access_entry" "batch_node" {
  cluster_name  = var.cluster_name
  principal_arn = aws_iam_role.batch_node.arn
  type          = "EC2_LINUX"

  tags = var.tags
}

resource "aws_launch_template" "batch_node" {
  name_prefix            = "${var.name}-batch-node-"
  description            = "Nodes AWS Batch launches for the video generator"
  update_default_version = true

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
    instance_metadata_tags      = "disabled"
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size           = var.node_disk_size_gb
      volume_type           = "gp3"
      encrypted             = true
      delete_on_termination = true
    }
  }

  tag_specifications {
    resource_type = "instance"
    tags          = merge(var.tags, { Name = "${var.name}-batch-node" })
  }

  tag_specifications {
    resource_type = "volume"
    tags          = merge(var.tags, { Name = "${var.name}-batch-node" })
  }

  tags = var.tags
}

################################################################################
# Compute environment, queue, job definition
################################################################################

# AWS Batch checks the namespace and RBAC when it creates the compute
# environment, so both wait until the caller says the manifests are applied
# (the run engine applies them between two applies; see the README).
resource "aws_batch_compute_environment" "this" {
  count = var.kubernetes_prepared ? 1 : 0

  compute_environment_name_prefix = "${var.name}-eks-"
  type                            = "MANAGED"
  state                           = "ENABLED"

  eks_configuration {
    eks_cluster_arn      = var.cluster_arn
    kubernetes_namespace = var.kubernetes_namespace
  }

  compute_resources {
    type                = var.compute_type
    allocation_strategy = var.compute_type == "SPOT" ? "SPOT_PRICE_CAPACITY_OPTIMIZED" : "BEST_FIT_PROGRESSIVE"
    min_vcpus           = 0
    max_vcpus           = var.max_vcpus
    instance_type       = var.instance_types
    instance_role       = aws_iam_instance_profile.batch_node.arn
    subnets             = var.subnet_ids
    security_group_ids  = [var.cluster_security_group_id]

    ec2_configuration {
      image_type = var.image_type
    }

    launch_template {
      launch_template_id = aws_launch_template.batch_node.id
      version            = aws_launch_template.batch_node.latest_version
    }
  }

  tags = var.tags

  lifecycle {
    # Most compute_resources changes replace the environment; the queue is
    # pointed at the new one before the old one goes.
    create_before_destroy = true
  }

  depends_on = [
    aws_eks_access_entry.batch_service,
    aws_eks_access_entry.batch_node,
    aws_iam_role_policy_attachment.batch_node,
  ]
}

resource "aws_batch_job_queue" "this" {
  count = var.kubernetes_prepared ? 1 : 0

  name     = local.job_queue_name
  state    = "ENABLED"
  priority = var.job_queue_priority

  # No scheduling policy: jobs leave the queue first in, first out.
  compute_environment_order {
    order               = 1
    compute_environment = aws_batch_compute_environment.this[0].arn
  }

  job_state_time_limit_action {
    state            = "RUNNABLE"
    reason           = "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT"
    action           = "CANCEL"
    max_time_seconds = var.runnable_time_limit_seconds
  }

  tags = var.tags
}

resource "aws_batch_job_definition" "worker" {
  name = "${var.name}-worker"
  type = "container"

  retry_strategy {
    attempts = var.job_attempts

    # The instance went away under the job (Spot reclaim, scale-in): retry.
    evaluate_on_exit {
      on_status_reason = "Host EC2*"
      action           = "RETRY"
    }

    # The worker ran and exited non-zero: its result is deterministic, so
    # another attempt would fail the same way.
    evaluate_on_exit {
      on_exit_code = "*"
      action       = "EXIT"
    }
  }

  timeout {
    attempt_duration_seconds = var.job_timeout_seconds
  }

  eks_properties {
    pod_properties {
      host_network         = false
      dns_policy           = "ClusterFirst"
      service_account_name = var.service_account_name

      metadata {
        labels = {
          "app.kubernetes.io/name"      = "videogen-worker"
          "app.kubernetes.io/part-of"   = "videogen"
          "app.kubernetes.io/component" = "generator"
        }
      }

      containers {
        name              = "worker"
        image             = var.worker_image
        image_pull_policy = "IfNotPresent"
        command           = length(var.worker_command) > 0 ? var.worker_command : null
        args              = length(var.worker_args) > 0 ? var.worker_args : null

        dynamic "env" {
          for_each = local.worker_environment

          content {
            name  = env.key
            value = env.value
          }
        }

        resources {
          requests = {
            cpu    = tostring(var.worker_vcpus)
            memory = "${var.worker_memory_mib}Mi"
          }
          limits = {
            cpu    = tostring(local.worker_vcpus_limit)
            memory = "${var.worker_memory_mib}Mi"
          }
        }

        security_context {
          privileged                 = false
          run_as_non_root            = true
          run_as_user                = var.worker_run_as_user
          run_as_group               = var.worker_run_as_user
          read_only_root_file_system = var.worker_read_only_root_filesystem
        }

        volume_mounts {
          name       = "scratch"
          mount_path = "/tmp"
        }
      }

      volumes {
        name = "scratch"

        empty_dir {
          size_limit = var.worker_scratch_size
        }
      }
    }
  }

  tags = var.tags
}
