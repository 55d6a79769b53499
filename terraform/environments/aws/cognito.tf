################################################################################
# Sign-in with OpenID Connect. By default an Amazon Cognito user pool, its
# hosted-UI domain and an app client for Backstage's `oidc` auth provider
# (app-config.production.yaml: AUTH_OIDC_METADATA_URL, AUTH_OIDC_CLIENT_ID
# and, in SSM, AUTH_OIDC_CLIENT_SECRET). With create_cognito = false, any
# other issuer: give oidc_metadata_url and oidc_client_id, and its client
# secret as web_secrets.AUTH_OIDC_CLIENT_SECRET.
################################################################################

locals {
  # Backstage's OIDC callback on the environment's own public URL.
  oidc_callback_url = "${module.cdn.url}/api/auth/oidc/handler/frame"

  # Cognito domain prefixes are unique per region across all accounts.
  cognito_domain_prefix = coalesce(var.cognito_domain_prefix, "videogen-${var.name}-${local.account_id}")

  oidc_metadata_url = var.create_cognito ? "https://cognito-idp.${var.region}.amazonaws.com/${aws_cognito_user_pool.web[0].id}/.well-known/openid-configuration" : var.oidc_metadata_url
  oidc_client_id    = var.create_cognito ? aws_cognito_user_pool_client.web[0].id : var.oidc_client_id

  # Container environment of the web tier for the sign-in.
  oidc_environment = { for k, v in {
    AUTH_OIDC_METADATA_URL = local.oidc_metadata_url
    AUTH_OIDC_CLIENT_ID    = local.oidc_client_id
  } : k => v if v != null }
  oidc_secrets = var.create_cognito ? {
    AUTH_OIDC_CLIENT_SECRET = aws_cognito_user_pool_client.web[0].client_secret
  } : {}
}

resource "aws_cognito_user_pool" "web" {
  count = var.create_cognito ? 1 : 0

  name = "${var.name}-users"

  # People sign in with their email, which is what the Backstage sign-in
  # resolver matches to a catalog User: only an administrator adds them
  # (no self sign-up, so nobody claims someone else's email).
  username_attributes      = ["email"]
  auto_verified_attributes = ["email"]

  admin_create_user_config {
    allow_admin_create_user_only = true
  }

  password_policy {
    minimum_length                   = 12
    require_lowercase                = true
    require_uppercase                = true
    require_numbers                  = true
    require_symbols                  = false
    temporary_password_validity_days = 7
  }

  account_recovery_setting {
    recovery_mechanism {
      name     = "verified_email"
      priority = 1
    }
  }
}

resource "aws_cognito_user_pool_domain" "web" {
  count = var.create_cognito ? 1 : 0

  domain       = local.cognito_domain_prefix
  user_pool_id = aws_cognito_user_pool.web[0].id
}

resource "aws_cognito_user_pool_client" "web" {
  count = var.create_cognito ? 1 : 0

  name         = "${var.name}-backstage"
  user_pool_id = aws_cognito_user_pool.web[0].id

  # A confidential client: the backend exchanges the code with its secret.
  generate_secret                      = true
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  allowed_oauth_scopes                 = ["openid", "email", "profile"]
  callback_urls                        = [local.oidc_callback_url]
  supported_identity_providers         = ["COGNITO"]
  explicit_auth_flows                  = ["ALLOW_REFRESH_TOKEN_AUTH"]
  prevent_user_existence_errors        = "ENABLED"
}
