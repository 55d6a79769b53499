# Sign-in with OpenID Connect (cognito.tf): the Cognito user pool, domain
# and app client with the environment's own callback URL, the outputs the
# web tier's config reads, and another issuer instead of Cognito.

mock_provider "aws" {
  source = "../../tests/mocks/aws"

  mock_data "aws_region" {
    defaults = {
      name = "eu-west-1"
    }
  }

  mock_data "aws_availability_zones" {
    defaults = {
      names    = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
      zone_ids = ["euw1-az1", "euw1-az2", "euw1-az3"]
    }
  }
}

mock_provider "aws" {
  alias  = "us_east_1"
  source = "../../tests/mocks/aws"
}

variables {
  name         = "vg-test"
  region       = "eu-west-1"
  az_count     = 2
  worker_image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/videogen-worker:1.0.0"
  web_image    = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/videogen-backstage:1.0.0"

  web_origin_domain_name = "vg-test-eu-west-1.origin.example.com"
  web_certificate_arn    = "arn:aws:acm:eu-west-1:123456789012:certificate/99999999-8888-7777-6666-555555555555"
}

run "cognito_by_default" {
  assert {
    condition     = aws_cognito_user_pool_client.web[0].callback_urls == toset(["https://d111111abcdef8.cloudfront.net/api/auth/oidc/handler/frame"])
    error_message = "The app client's only callback is Backstage's OIDC handler on the environment's own public URL."
  }

  assert {
    condition     = output.oidc_callback_url == "${output.public_url}/api/auth/oidc/handler/frame"
    error_message = "oidc_callback_url must be the OIDC handler on public_url."
  }

  assert {
    condition = (
      aws_cognito_user_pool_client.web[0].generate_secret &&
      aws_cognito_user_pool_client.web[0].allowed_oauth_flows_user_pool_client &&
      aws_cognito_user_pool_client.web[0].allowed_oauth_flows == toset(["code"]) &&
      aws_cognito_user_pool_client.web[0].allowed_oauth_scopes == toset(["openid", "email", "profile"]) &&
      aws_cognito_user_pool_client.web[0].supported_identity_providers == toset(["COGNITO"])
    )
    error_message = "A confidential client with the authorization code flow and the openid, email and profile scopes."
  }

  assert {
    condition     = aws_cognito_user_pool.web[0].admin_create_user_config[0].allow_admin_create_user_only && aws_cognito_user_pool.web[0].username_attributes == toset(["email"])
    error_message = "Users sign in with their email and only an administrator creates them."
  }

  assert {
    condition     = aws_cognito_user_pool_domain.web[0].domain == "videogen-vg-test-123456789012" && aws_cognito_user_pool_domain.web[0].user_pool_id == aws_cognito_user_pool.web[0].id
    error_message = "The hosted-UI domain belongs to the pool and is named after the environment and account."
  }

  assert {
    condition     = output.oidc_metadata_url == "https://cognito-idp.eu-west-1.amazonaws.com/${aws_cognito_user_pool.web[0].id}/.well-known/openid-configuration"
    error_message = "oidc_metadata_url must be the user pool's discovery document."
  }

  assert {
    condition     = output.oidc_client_id == aws_cognito_user_pool_client.web[0].id && output.cognito_user_pool_id == aws_cognito_user_pool.web[0].id
    error_message = "oidc_client_id must be the app client's ID."
  }

  assert {
    condition     = output.web_secret_parameter_names == { AUTH_OIDC_CLIENT_SECRET = "/videogen/vg-test/web/AUTH_OIDC_CLIENT_SECRET" }
    error_message = "The client secret goes to the web tier's SSM parameters."
  }

}

run "another_issuer_without_cognito" {
  variables {
    create_cognito    = false
    oidc_metadata_url = "https://login.example.com/.well-known/openid-configuration"
    oidc_client_id    = "videogen-vg-test"
    web_secrets = {
      AUTH_OIDC_CLIENT_SECRET = "client-secret-of-the-other-issuer"
    }
  }

  assert {
    condition     = length(aws_cognito_user_pool.web) == 0 && length(aws_cognito_user_pool_domain.web) == 0 && length(aws_cognito_user_pool_client.web) == 0
    error_message = "create_cognito = false creates no Cognito resources."
  }

  assert {
    condition     = output.oidc_metadata_url == "https://login.example.com/.well-known/openid-configuration" && output.oidc_client_id == "videogen-vg-test"
    error_message = "The outputs echo the other issuer's settings."
  }

  assert {
    condition     = output.cognito_user_pool_id == null && output.cognito_hosted_ui_url == null
    error_message = "No Cognito outputs without Cognito."
  }

  assert {
    condition     = output.web_secret_parameter_names == { AUTH_OIDC_CLIENT_SECRET = "/videogen/vg-test/web/AUTH_OIDC_CLIENT_SECRET" }
    error_message = "The other issuer's client secret, given in web_secrets, goes to SSM like any secret."
  }
}

run "rejects_a_plain_http_metadata_url" {
  command = plan

  variables {
    create_cognito    = false
    oidc_metadata_url = "http://login.example.com/.well-known/openid-configuration"
  }

  expect_failures = [var.oidc_metadata_url]
}
