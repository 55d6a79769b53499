# Unit tests of the batch module against a mocked AWS provider.

mock_provider "aws" {
  source = "../../tests/mocks/aws"
}

override_resource {
  target = aws_iam_role.worker
  values = { arn = "arn:aws:iam::123456789012:role/vg-test-worker-mock" }
}

override_resource {
  target = aws_iam_role.batch_node
  values = { arn = "arn:aws:iam::123456789012:role/vg-test-batch-node-mock" }
}

override_resource {
  target = aws_iam_instance_profile.batch_node
  values = { arn = "arn:aws:iam::123456789012:instance-profile/vg-test-batch-node-mock" }
}

variables {
  name                      = "vg-test"
  cluster_name              = "vg-test"
  cluster_arn               = "arn:aws:eks:us-east-1:123456789012:cluster/vg-test"
  cluster_security_group_id = "sg-0cccccccccccccccc"
  subnet_ids                = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]
  worker_image              = "123456789012.dkr.ecr.us-east-1.amazonaws.com/videogen-worker:1.0.0"
  uploads_bucket_name       = "vg-test-uploads-abc"
  videos_bucket_name        = "vg-test-videos-abc"
  kubernetes_prepared       = true
}

run "eks_compute_environment_queue_and_worker" {
  assert {
    condition     = aws_batch_compute_environment.this[0].type == "MANAGED" && aws_batch_compute_environment.this[0].eks_configuration[0].eks_cluster_arn == var.cluster_arn && aws_batch_compute_environment.this[0].eks_configuration[0].kubernetes_namespace == "videogen-batch"
    error_message = "The compute environment must be a managed EKS environment on the given cluster and namespace."
  }

  assert {
    condition     = aws_batch_compute_environment.this[0].compute_resources[0].subnets == toset(var.subnet_ids) && output.compute_environment_subnet_ids == toset(var.subnet_ids)
    error_message = "Generator nodes must be launched only in the given private subnets."
  }

  assert {
    condition     = aws_batch_compute_environment.this[0].compute_resources[0].security_group_ids == toset(["sg-0cccccccccccccccc"]) && aws_batch_compute_environment.this[0].compute_resources[0].min_vcpus == 0 && aws_batch_compute_environment.this[0].compute_resources[0].type == "EC2"
    error_message = "Batch nodes must join the cluster security group and scale to zero."
  }

  assert {
    condition     = aws_batch_compute_environment.this[0].compute_resources[0].instance_role == aws_iam_instance_profile.batch_node.arn && aws_batch_compute_environment.this[0].compute_resources[0].launch_template[0].launch_template_id == aws_launch_template.batch_node.id
    error_message = "Batch nodes must use the module's instance profile and launch template."
  }

  assert {
    condition     = aws_launch_template.batch_node.metadata_options[0].http_tokens == "required" && aws_launch_template.batch_node.metadata_options[0].http_put_response_hop_limit == 1
    error_message = "The Batch node launch template must require IMDSv2 with a hop limit of 1."
  }

  assert {
    condition     = aws_batch_job_queue.this[0].state == "ENABLED" && length(aws_batch_job_queue.this[0].compute_environment_order) == 1 && aws_batch_job_queue.this[0].compute_environment_order[0].compute_environment == aws_batch_compute_environment.this[0].arn && aws_batch_job_queue.this[0].compute_environment_order[0].order == 1
    error_message = "The job queue must feed the EKS compute environment."
  }

  assert {
    condition     = aws_batch_job_queue.this[0].scheduling_policy_arn == null
    error_message = "The queue must have no fair-share policy, so jobs are taken first in, first out."
  }

  assert {
    condition     = aws_batch_job_definition.worker.type == "container" && aws_batch_job_definition.worker.eks_properties[0].pod_properties[0].host_network == false
    error_message = "The worker job definition must be an EKS container job with hostNetwork = false."
  }

  assert {
    condition     = aws_batch_job_definition.worker.eks_properties[0].pod_properties[0].service_account_name == "videogen-worker" && aws_batch_job_definition.worker.eks_properties[0].pod_properties[0].containers[0].image == var.worker_image
    error_message = "The worker must run the given image as the worker service account."
  }

  assert {
    condition = (
      aws_batch_job_definition.worker.eks_properties[0].pod_properties[0].containers[0].resources[0].requests == tomap({ cpu = "1", memory = "2048Mi" }) &&
      aws_batch_job_definition.worker.eks_properties[0].pod_properties[0].containers[0].resources[0].limits == tomap({ cpu = "1", memory = "2048Mi" })
    )
    error_message = "The worker must have CPU and memory requests and limits, with memory request equal to its limit."
  }

  assert {
    condition = (
      aws_batch_job_definition.worker.eks_properties[0].pod_properties[0].containers[0].security_context[0].run_as_non_root == true &&
      aws_batch_job_definition.worker.eks_properties[0].pod_properties[0].containers[0].security_context[0].privileged == false &&
      aws_batch_job_definition.worker.eks_properties[0].pod_properties[0].containers[0].security_context[0].read_only_root_file_system == true
    )
    error_message = "The worker must run as non-root, unprivileged, with a read-only root filesystem."
  }

  assert {
    condition     = aws_batch_job_definition.worker.retry_strategy[0].attempts == 3 && aws_batch_job_definition.worker.timeout[0].attempt_duration_seconds == 1800
    error_message = "The worker must have a retry strategy and a timeout."
  }

  assert {
    condition     = contains([for e in aws_batch_job_definition.worker.eks_properties[0].pod_properties[0].containers[0].env : "${e.name}=${e.value}"], "VIDEOS_BUCKET=vg-test-videos-abc")
    error_message = "The worker must be told the videos bucket."
  }

  assert {
    condition = jsondecode(aws_iam_role_policy.worker.policy).Statement == [
      { Sid = "ReadUploads", Effect = "Allow", Action = ["s3:GetObject"], Resource = "arn:aws:s3:::vg-test-uploads-abc/uploads/*" },
      { Sid = "ListUploadsSoAMissingInputIs404", Effect = "Allow", Action = ["s3:ListBucket"], Resource = "arn:aws:s3:::vg-test-uploads-abc" },
      { Sid = "WriteVideos", Effect = "Allow", Action = ["s3:PutObject", "s3:AbortMultipartUpload"], Resource = "arn:aws:s3:::vg-test-videos-abc/videos/*" },
      { Sid = "CleanPartialVideos", Effect = "Allow", Action = ["s3:DeleteObject"], Resource = "arn:aws:s3:::vg-test-videos-abc/videos/*" },
    ]
    error_message = "The worker may read uploads (and list them, so a missing input is a 404), write videos and delete its partial outputs, nothing else."
  }

  assert {
    condition     = length(aws_iam_role_policy.worker_storage_kms) == 0 && output.worker_policy_json == aws_iam_role_policy.worker.policy
    error_message = "Without a storage KMS key the worker gets no KMS rights."
  }

  assert {
    condition = (
      jsondecode(aws_iam_role.worker.assume_role_policy).Statement[0].Principal.Service == "pods.eks.amazonaws.com" &&
      jsondecode(aws_iam_role.worker.assume_role_policy).Statement[0].Condition.StringEquals["aws:RequestTag/kubernetes-namespace"] == "videogen-batch" &&
      jsondecode(aws_iam_role.worker.assume_role_policy).Statement[0].Condition.StringEquals["aws:RequestTag/kubernetes-service-account"] == "videogen-worker"
    )
    error_message = "Only the worker service account, through EKS Pod Identity, may assume the worker role."
  }

  assert {
    condition     = aws_eks_pod_identity_association.worker.namespace == "videogen-batch" && aws_eks_pod_identity_association.worker.service_account == "videogen-worker" && aws_eks_pod_identity_association.worker.role_arn == aws_iam_role.worker.arn
    error_message = "The Pod Identity association must bind the worker service account to the worker role."
  }

  assert {
    condition     = aws_eks_access_entry.batch_service.principal_arn == "arn:aws:iam::123456789012:role/AWSServiceRoleForBatch" && aws_eks_access_entry.batch_service.user_name == "aws-batch"
    error_message = "AWS Batch's service-linked role must map to the aws-batch Kubernetes user."
  }

  assert {
    condition     = aws_eks_access_entry.batch_node.type == "EC2_LINUX" && aws_eks_access_entry.batch_node.principal_arn == aws_iam_role.batch_node.arn
    error_message = "Batch-launched nodes must be allowed to join the cluster."
  }

  assert {
    condition     = toset([for a in aws_iam_role_policy_attachment.batch_node : a.policy_arn]) == toset(["arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly"])
    error_message = "Batch node role must have only the worker-node and ECR pull-only policies."
  }

  assert {
    condition = toset([
      for doc in [for chunk in split("\n---\n", output.kubernetes_manifests) : yamldecode(chunk) if strcontains(chunk, "kind:")] : "${doc.kind}/${try(doc.metadata.namespace, "")}/${doc.metadata.name}"
      ]) == toset([
      "Namespace//videogen-batch",
      "ServiceAccount/videogen-batch/videogen-worker",
      "ClusterRole//aws-batch-cluster-role",
      "ClusterRoleBinding//aws-batch-cluster-role-binding",
      "Role/videogen-batch/aws-batch-compute-environment-role",
      "RoleBinding/videogen-batch/aws-batch-compute-environment-role-binding",
    ])
    error_message = "The manifests must hold the namespace, service account and AWS Batch RBAC, in the configured namespace."
  }

  assert {
    condition = alltrue([
      for doc in [for chunk in split("\n---\n", output.kubernetes_manifests) : yamldecode(chunk) if strcontains(chunk, "kind:")] :
      doc.subjects[0].name == "aws-batch" if try(doc.subjects, null) != null
    ])
    error_message = "The RBAC bindings must name the aws-batch user."
  }
}

run "spot_kms_and_cpu_limit" {
  command = plan

  variables {
    compute_type        = "SPOT"
    worker_vcpus        = 1
    worker_vcpus_limit  = 2
    storage_kms_key_arn = "arn:aws:kms:us-east-1:123456789012:key/99999999-8888-7777-6666-555555555555"
  }

  assert {
    condition     = aws_batch_compute_environment.this[0].compute_resources[0].type == "SPOT" && aws_batch_compute_environment.this[0].compute_resources[0].allocation_strategy == "SPOT_PRICE_CAPACITY_OPTIMIZED"
    error_message = "SPOT capacity must use the price-capacity-optimized strategy."
  }

  assert {
    condition     = aws_batch_job_definition.worker.eks_properties[0].pod_properties[0].containers[0].resources[0].limits["cpu"] == "2"
    error_message = "The CPU limit must follow worker_vcpus_limit."
  }

  assert {
    condition     = jsondecode(aws_iam_role_policy.worker_storage_kms[0].policy).Statement[0].Resource == var.storage_kms_key_arn && jsondecode(aws_iam_role_policy.worker_storage_kms[0].policy).Statement[0].Condition.StringEquals["kms:ViaService"] == "s3.us-east-1.amazonaws.com"
    error_message = "With a KMS key the worker may use it only through S3."
  }
}

run "compute_environment_waits_for_kubernetes_rbac" {
  command = plan

  variables {
    kubernetes_prepared = false
  }

  assert {
    condition     = length(aws_batch_compute_environment.this) == 0 && length(aws_batch_job_queue.this) == 0 && output.job_queue_arn == null
    error_message = "Until the namespace and RBAC are applied, neither the compute environment nor the queue may be created (AWS Batch validates them at creation)."
  }

  assert {
    condition     = aws_eks_access_entry.batch_service.user_name == "aws-batch" && aws_batch_job_definition.worker.name == "vg-test-worker" && strcontains(output.kubernetes_manifests, "kind: Namespace")
    error_message = "The access entries, job definition and manifests come first, so the RBAC can be applied before the compute environment."
  }
}

run "rejects_invalid_inputs" {
  command = plan

  variables {
    name                 = ""
    worker_image         = ""
    worker_vcpus         = 2
    worker_vcpus_limit   = 1
    kubernetes_namespace = "kube-batch"
  }

  expect_failures = [
    var.name,
    var.worker_image,
    var.worker_vcpus_limit,
    var.kubernetes_namespace,
  ]
}
