# Unit tests of the database module against a mocked AWS provider.

mock_provider "aws" {
  source = "../../tests/mocks/aws"
}

variables {
  name       = "vg-test"
  vpc_id     = "vpc-0123456789abcdef0"
  subnet_ids = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]
  allowed_security_group_ids = {
    web     = "sg-0aaaaaaaaaaaaaaaa"
    cluster = "sg-0bbbbbbbbbbbbbbbb"
  }
}

run "private_encrypted_managed_password" {
  assert {
    condition     = aws_db_instance.this.publicly_accessible == false
    error_message = "The database must not be publicly accessible."
  }

  assert {
    condition     = aws_db_instance.this.storage_encrypted == true
    error_message = "Database storage must be encrypted."
  }

  assert {
    condition     = aws_db_instance.this.manage_master_user_password == true && aws_db_instance.this.password == null
    error_message = "The master password must be managed by RDS in Secrets Manager, never passed in."
  }

  assert {
    condition     = aws_db_instance.this.engine == "postgres" && aws_db_instance.this.backup_retention_period == 7 && aws_db_instance.this.deletion_protection == true && aws_db_instance.this.multi_az == false
    error_message = "Defaults: PostgreSQL, 7 days of backups, deletion protection on, single AZ."
  }

  assert {
    condition     = aws_db_instance.this.skip_final_snapshot == false && can(regex("^vg-test-final-[0-9]{14}$", aws_db_instance.this.final_snapshot_identifier)) && output.final_snapshot_identifier == aws_db_instance.this.final_snapshot_identifier
    error_message = "A final snapshot must be taken on delete by default, named after the environment and the database's creation time (unique per provision/destroy cycle)."
  }

  assert {
    condition     = aws_db_subnet_group.this.subnet_ids == toset(var.subnet_ids) && aws_db_instance.this.db_subnet_group_name == aws_db_subnet_group.this.name
    error_message = "The database must live in the given private subnets."
  }

  assert {
    condition     = aws_db_instance.this.vpc_security_group_ids == toset([aws_security_group.this.id])
    error_message = "The database must use only its own security group."
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.clients) == 2 && toset([for r in aws_vpc_security_group_ingress_rule.clients : r.referenced_security_group_id]) == toset(values(var.allowed_security_group_ids))
    error_message = "Ingress must come from exactly the web tier and cluster security groups."
  }

  assert {
    condition = alltrue([
      for r in aws_vpc_security_group_ingress_rule.clients :
      r.security_group_id == aws_security_group.this.id && r.cidr_ipv4 == null && r.cidr_ipv6 == null && r.prefix_list_id == null && r.ip_protocol == "tcp" && r.from_port == 5432 && r.to_port == 5432
    ])
    error_message = "Ingress rules must allow only PostgreSQL, only from security groups, never from CIDR ranges."
  }

  assert {
    condition     = anytrue([for p in aws_db_parameter_group.this.parameter : p.name == "rds.force_ssl" && p.value == "1"]) && aws_db_parameter_group.this.family == "postgres16"
    error_message = "The parameter group must force TLS for client connections."
  }

  assert {
    condition     = output.master_user_secret_arn == "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-mock-AbCdEf" && output.port == 5432
    error_message = "The module must expose the managed secret ARN and port."
  }
}

run "final_snapshot_name_is_stable" {
  # A later apply of the same database keeps the name taken at creation.
  assert {
    condition     = output.final_snapshot_identifier == run.private_encrypted_managed_password.final_snapshot_identifier
    error_message = "The final snapshot name must not follow the clock after creation."
  }
}

run "multi_az_and_disposable" {
  command = plan

  variables {
    multi_az            = true
    deletion_protection = false
    skip_final_snapshot = true
    engine_version      = "17.2"
  }

  assert {
    condition     = aws_db_instance.this.multi_az == true && aws_db_instance.this.deletion_protection == false && aws_db_instance.this.final_snapshot_identifier == null
    error_message = "multi_az, deletion_protection and skip_final_snapshot must be honoured."
  }

  assert {
    condition     = aws_db_parameter_group.this.family == "postgres17" && aws_db_instance.this.publicly_accessible == false
    error_message = "The parameter group family must follow the engine major version."
  }
}

run "rejects_invalid_inputs" {
  command = plan

  variables {
    name                       = ""
    subnet_ids                 = ["subnet-0aaaaaaaaaaaaaaaa"]
    backup_retention_days      = 0
    allowed_security_group_ids = { anywhere = "0.0.0.0/0" }
  }

  expect_failures = [
    var.name,
    var.subnet_ids,
    var.backup_retention_days,
    var.allowed_security_group_ids,
  ]
}
