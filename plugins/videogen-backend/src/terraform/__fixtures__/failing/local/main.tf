variable "name" {
  type = string
}

resource "terraform_data" "broken" {
  input = var.name

  provisioner "local-exec" {
    command = "echo 'the fixture fails on purpose' >&2; exit 3"
  }
}
