# Unit tests of the eks module against a mocked AWS provider.

mock_provider "aws" {
  source = "../../tests/mocks/aws"
}

# Distinct ARNs for the roles whose wiring the tests compare.
override_resource {
  target = aws_iam_role.cluster
  values = { arn = "arn:aws:iam::123456789012:role/vg-test-cluster-mock" }
}

override_resource {
  target = aws_iam_role.node
  values = { arn = "arn:aws:iam::123456789012:role/vg-test-node-mock" }
}

override_resource {
  target = aws_iam_role.vpc_cni
  values = { arn = "arn:aws:iam::123456789012:role/vg-test-vpc-cni-mock" }
}

variables {
  name                 = "vg-test"
  subnet_ids           = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]
  admin_principal_arns = ["arn:aws:iam::123456789012:role/platform-admin"]
  node_groups = {
    system = {
      instance_types = ["t3.large"]
      min_size       = 1
      max_size       = 3
      desired_size   = 2
    }
    spot = {
      instance_types = ["m6i.large", "m5.large"]
      capacity_type  = "SPOT"
      min_size       = 0
      max_size       = 2
      desired_size   = 0
    }
  }
}

run "private_encrypted_cluster" {
  assert {
    condition     = aws_eks_cluster.this.vpc_config[0].endpoint_private_access == true && aws_eks_cluster.this.vpc_config[0].endpoint_public_access == false
    error_message = "By default the API endpoint must be private only."
  }

  assert {
    condition     = aws_eks_cluster.this.vpc_config[0].subnet_ids == toset(var.subnet_ids)
    error_message = "The control plane must use exactly the given private subnets."
  }

  assert {
    condition     = aws_eks_cluster.this.encryption_config[0].resources == toset(["secrets"]) && aws_eks_cluster.this.encryption_config[0].provider[0].key_arn == aws_kms_key.secrets.arn
    error_message = "Kubernetes secrets must be envelope-encrypted with the module's KMS key."
  }

  assert {
    condition     = aws_kms_key.secrets.enable_key_rotation == true
    error_message = "The secrets KMS key must rotate."
  }

  assert {
    condition     = toset(aws_eks_cluster.this.enabled_cluster_log_types) == toset(["api", "audit", "authenticator", "controllerManager", "scheduler"]) && aws_cloudwatch_log_group.cluster.name == "/aws/eks/vg-test/cluster" && aws_cloudwatch_log_group.cluster.retention_in_days == 30
    error_message = "All control-plane log types must go to a log group with bounded retention."
  }

  assert {
    condition     = aws_eks_cluster.this.access_config[0].authentication_mode == "API" && aws_eks_cluster.this.access_config[0].bootstrap_cluster_creator_admin_permissions == false
    error_message = "Access must be managed with access entries only, without an implicit creator admin."
  }

  assert {
    condition     = aws_eks_cluster.this.role_arn == aws_iam_role.cluster.arn && aws_eks_cluster.this.upgrade_policy[0].support_type == "STANDARD"
    error_message = "The cluster must use its own role and standard support."
  }

  assert {
    condition     = aws_eks_access_entry.admin["arn:aws:iam::123456789012:role/platform-admin"].type == "STANDARD" && aws_eks_access_policy_association.admin["arn:aws:iam::123456789012:role/platform-admin"].policy_arn == "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy" && aws_eks_access_policy_association.admin["arn:aws:iam::123456789012:role/platform-admin"].access_scope[0].type == "cluster"
    error_message = "Listed admins must get an access entry with the cluster-admin access policy."
  }

  assert {
    condition = alltrue([
      for key, group in aws_eks_node_group.this :
      group.subnet_ids == toset(var.subnet_ids) && group.node_role_arn == aws_iam_role.node.arn && group.launch_template[0].id == aws_launch_template.node[key].id
    ])
    error_message = "Every node group must run in the private subnets, with the node role and its own launch template."
  }

  assert {
    condition     = aws_eks_node_group.this["spot"].capacity_type == "SPOT" && aws_eks_node_group.this["system"].capacity_type == "ON_DEMAND" && length(output.node_group_names) == 2 && aws_eks_node_group.this["system"].node_group_name_prefix == "vg-test-system-"
    error_message = "Node group settings must be taken from var.node_groups."
  }

  assert {
    condition = alltrue([
      for lt in aws_launch_template.node :
      lt.metadata_options[0].http_tokens == "required" && lt.metadata_options[0].http_put_response_hop_limit == 1 && lt.metadata_options[0].http_endpoint == "enabled"
    ])
    error_message = "Every node launch template must require IMDSv2 with a hop limit of 1."
  }

  assert {
    condition     = alltrue([for lt in aws_launch_template.node : lt.block_device_mappings[0].ebs[0].encrypted == "true"])
    error_message = "Node root volumes must be encrypted."
  }

  assert {
    condition     = toset([for a in aws_iam_role_policy_attachment.node : a.policy_arn]) == toset(["arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly"])
    error_message = "The node role must have exactly the worker-node and ECR pull-only policies (the CNI policy belongs to the CNI's own role)."
  }

  assert {
    condition     = aws_iam_role_policy_attachment.cluster.policy_arn == "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy" && jsondecode(aws_iam_role.cluster.assume_role_policy).Statement[0].Principal.Service == "eks.amazonaws.com"
    error_message = "The cluster role must be assumable by EKS only and carry the cluster policy."
  }

  assert {
    condition     = jsondecode(aws_iam_role_policy.cluster_encryption.policy).Statement[0].Resource == aws_kms_key.secrets.arn
    error_message = "The cluster role may use the secrets key and no other."
  }

  assert {
    condition     = one(aws_eks_addon.vpc_cni.pod_identity_association).service_account == "aws-node" && one(aws_eks_addon.vpc_cni.pod_identity_association).role_arn == aws_iam_role.vpc_cni.arn && aws_iam_role_policy_attachment.vpc_cni.policy_arn == "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"
    error_message = "The VPC CNI must get the CNI policy through its own Pod Identity role."
  }

  assert {
    condition     = jsondecode(aws_iam_role.vpc_cni.assume_role_policy).Statement[0].Condition.StringEquals["aws:RequestTag/kubernetes-service-account"] == "aws-node"
    error_message = "The CNI role must be limited to the aws-node service account."
  }

  assert {
    condition     = aws_eks_cluster.this.bootstrap_self_managed_addons == false && aws_eks_addon.coredns.addon_name == "coredns" && aws_eks_addon.pod_identity_agent.addon_name == "eks-pod-identity-agent"
    error_message = "Add-ons must be EKS-managed, including the Pod Identity agent."
  }
}

run "public_endpoint_limited_to_listed_cidrs" {
  command = plan

  variables {
    endpoint_public_access       = true
    endpoint_public_access_cidrs = ["203.0.113.0/24"]
  }

  assert {
    condition     = aws_eks_cluster.this.vpc_config[0].endpoint_public_access == true && aws_eks_cluster.this.vpc_config[0].public_access_cidrs == toset(["203.0.113.0/24"]) && aws_eks_cluster.this.vpc_config[0].endpoint_private_access == true
    error_message = "A public endpoint must be limited to the listed CIDRs, and the private endpoint stays on."
  }
}

run "rejects_world_open_endpoint_and_empty_name" {
  command = plan

  variables {
    name                         = ""
    endpoint_public_access       = true
    endpoint_public_access_cidrs = ["0.0.0.0/0"]
  }

  expect_failures = [
    var.name,
    var.endpoint_public_access_cidrs,
  ]
}

run "rejects_public_endpoint_without_cidrs_and_single_subnet" {
  command = plan

  variables {
    endpoint_public_access = true
    subnet_ids             = ["subnet-0aaaaaaaaaaaaaaaa"]
    node_groups = {
      system = {
        instance_types = ["t3.large"]
        min_size       = 3
        max_size       = 2
        desired_size   = 2
      }
    }
  }

  expect_failures = [
    var.endpoint_public_access_cidrs,
    var.subnet_ids,
    var.node_groups,
  ]
}

run "long_names_fit_node_group_limits" {
  command = plan

  variables {
    name = "videogen-a-rather-long-environment-01"
    node_groups = {
      gpu-render-pool-xyz = {
        instance_types = ["g5.xlarge"]
        min_size       = 0
        max_size       = 1
        desired_size   = 0
      }
    }
  }

  assert {
    condition     = length(aws_eks_node_group.this["gpu-render-pool-xyz"].node_group_name_prefix) <= 37 && endswith(aws_eks_node_group.this["gpu-render-pool-xyz"].node_group_name_prefix, "-") && !endswith(aws_eks_node_group.this["gpu-render-pool-xyz"].node_group_name_prefix, "--")
    error_message = "Node group name prefixes must leave room for the generated suffix within EKS's 63 characters."
  }
}

run "backend_access_entry_and_private_api_path" {
  command = plan

  variables {
    access_entries = {
      backend = {
        principal_arn = "arn:aws:iam::123456789012:role/vg-test-web"
        access_policies = {
          view        = { policy_arn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy", scope_type = "cluster" }
          batch-setup = { policy_arn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", scope_type = "cluster" }
        }
      }
    }
    api_client_security_group_ids = { web = "sg-0dddddddddddddddd" }
    addon_versions                = { vpc-cni = "v1.19.2-eksbuild.1", coredns = "v1.11.4-eksbuild.2" }
  }

  assert {
    condition     = aws_eks_access_entry.this["backend"].principal_arn == "arn:aws:iam::123456789012:role/vg-test-web" && aws_eks_access_entry.this["backend"].type == "STANDARD"
    error_message = "The backend role must get a standard access entry."
  }

  assert {
    condition = (
      aws_eks_access_policy_association.this["backend/view"].policy_arn == "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy" &&
      aws_eks_access_policy_association.this["backend/view"].access_scope[0].type == "cluster" &&
      aws_eks_access_policy_association.this["backend/batch-setup"].access_scope[0].type == "cluster" &&
      length(aws_eks_access_policy_association.this) == 2
    )
    error_message = "Each listed access policy must be associated with its scope, and nothing else."
  }

  assert {
    condition = (
      aws_vpc_security_group_ingress_rule.api_clients["web"].referenced_security_group_id == "sg-0dddddddddddddddd" &&
      aws_vpc_security_group_ingress_rule.api_clients["web"].from_port == 443 && aws_vpc_security_group_ingress_rule.api_clients["web"].to_port == 443 &&
      aws_vpc_security_group_ingress_rule.api_clients["web"].ip_protocol == "tcp"
    )
    error_message = "Listed clients must reach the private API endpoint on 443 only."
  }

  assert {
    condition     = aws_eks_addon.vpc_cni.addon_version == "v1.19.2-eksbuild.1" && aws_eks_addon.coredns.addon_version == "v1.11.4-eksbuild.2"
    error_message = "Pinned add-on versions must be used as given."
  }
}

run "rejects_namespace_scope_without_namespaces" {
  command = plan

  variables {
    access_entries = {
      backend = {
        principal_arn   = "arn:aws:iam::123456789012:role/vg-test-web"
        access_policies = { edit = { policy_arn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy", scope_type = "namespace" } }
      }
    }
  }

  expect_failures = [var.access_entries]
}
