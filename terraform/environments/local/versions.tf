terraform {
  # Built-in resources only (terraform_data): init downloads no provider and
  # state stays local, so a plan/apply/destroy cycle takes about a second.
  required_version = ">= 1.9"
}
