variable "name" {
  type = string
}

variable "release_file" {
  description = "The gate opens when this file exists."
  type        = string
}

resource "terraform_data" "first" {
  input = var.name
}

resource "terraform_data" "gate" {
  depends_on = [terraform_data.first]
  # A new gate file replaces the gate, so its provisioner waits again.
  triggers_replace = [var.release_file]

  provisioner "local-exec" {
    command = "i=0; while [ ! -e '${var.release_file}' ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done"
  }
}

output "environment_name" {
  value = terraform_data.first.output
}
