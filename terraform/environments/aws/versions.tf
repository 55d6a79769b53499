terraform {
  # 1.10 brought S3-native state locking (use_lockfile); 1.9 cross-variable
  # validation, which the modules use.
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0, < 6.0"
    }
  }

  # Partial configuration: the run engine supplies bucket, key and region at
  # init time, one state per environment and region:
  #   terraform init \
  #     -backend-config=bucket=<state bucket> \
  #     -backend-config=key=videogen/<env>/<region>/terraform.tfstate \
  #     -backend-config=region=<state bucket region>
  backend "s3" {
    use_lockfile = true
    encrypt      = true
  }
}
