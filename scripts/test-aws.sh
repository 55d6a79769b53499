#!/usr/bin/env bash
# `yarn test:aws`: everything that checks the AWS mode against AWS's own
# rules, offline. Part of `npm test` (scripts/test.sh); runs on its own too.
#   1. IAM contract: the AWS calls the worker, the backend and the scaffolder
#      actions make in their tests, evaluated against the policies our
#      Terraform renders from terraform/policies (iam-simulate); then the
#      reverse report: actions granted that no recorded call used.
#   2. Template → root contract: the variables the run engine would pass for
#      each template's default inputs (local, aws one and two regions) are
#      declared by the root and plan with the mocked AWS provider.
#   3. Two aws environments in one backend: uploads land in their own
#      environment's buckets and queue.
#   4. The aws root's own `terraform test` (teardown with default variables
#      has nothing that blocks deletion, HTTPS origin, secrets in SSM, ...).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/scripts/postgres.sh"
cd "$ROOT"

OWN_PG=""
cleanup() {
  if [ -n "$OWN_PG" ]; then stop_postgres; fi
  rm -rf "${IAM_USAGE_DIR:-}"
}
trap cleanup EXIT
# Database tests run on PostgreSQL too (CI=true makes them require it).
if [ -z "${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-}" ]; then
  start_postgres
  OWN_PG=1
fi

export IAM_USAGE_DIR="$(mktemp -d /tmp/videogen-iam-usage.XXXXXX)"
log "AWS contracts: IAM, template → root, two environments (jest)"
CI=true yarn backstage-cli repo test --maxWorkers=2 \
  packages/iam-contract \
  packages/worker/src/io/iamContract.test.ts \
  plugins/videogen-backend/src/awsMode.test.ts \
  plugins/videogen-backend/src/awsEnvironments.test.ts \
  plugins/videogen-backend/src/uploads/awsUploads.test.ts \
  plugins/videogen-backend/src/queue/BatchJobQueue.test.ts \
  plugins/scaffolder-backend-module-videogen/src/templateRootContract.test.ts \
  plugins/scaffolder-backend-module-videogen/src/actions/stateBootstrap.test.ts \
  plugins/scaffolder-backend-module-videogen/src/actions/stateRemove.test.ts

log "IAM: granted but unused"
node scripts/iam-usage-report.mjs "$IAM_USAGE_DIR"

log "aws root: terraform test"
AWS_ROOT="$ROOT/terraform/environments/aws"
TF_DATA_DIR="$(mktemp -d /tmp/videogen-tf-aws.XXXXXX)"
export TF_DATA_DIR
terraform -chdir="$AWS_ROOT" init -backend=false -input=false -no-color >/dev/null
terraform -chdir="$AWS_ROOT" test -no-color
rm -rf "$TF_DATA_DIR"
echo "test:aws passed."
