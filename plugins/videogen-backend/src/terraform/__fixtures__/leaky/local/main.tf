variable "name" {
  type = string
}

# Deliberately not marked sensitive: Terraform prints it.
variable "db_password" {
  type = string
}

variable "fail_with_secret" {
  type    = bool
  default = false
}

resource "terraform_data" "leak" {
  input = var.db_password

  provisioner "local-exec" {
    command = "echo \"password from the environment: $TF_VAR_db_password\""
  }

  lifecycle {
    precondition {
      condition     = !var.fail_with_secret
      error_message = "Refusing the password ${var.db_password}."
    }
  }
}

output "leaked_password" {
  value = terraform_data.leak.output
}

output "hidden_password" {
  value     = var.db_password
  sensitive = true
}
