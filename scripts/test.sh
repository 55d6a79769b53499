#!/usr/bin/env bash
# Runs every test of the repository and fails on the first failure:
# type check, lint, formatting, unit and database tests (SQLite and a
# throwaway PostgreSQL 15), Terraform checks and tests, and browser tests
# against the app started in local mode. Installs what it needs first; safe
# to run again. CI runs exactly this (.ci/run).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/scripts/postgres.sh"

started_at=$SECONDS
SUMMARY=()
step() {
  local name="$1"; shift
  log "$name"
  local t0=$SECONDS
  "$@"
  SUMMARY+=("$(printf '%-34s %4ss' "$name" $((SECONDS - t0)))")
}

APP_PGID=""
cleanup() {
  if [ -n "$APP_PGID" ]; then
    kill -TERM -- "-$APP_PGID" 2>/dev/null || true
    sleep 2
    kill -KILL -- "-$APP_PGID" 2>/dev/null || true
  fi
  stop_postgres
}
trap cleanup EXIT

ensure_debian_packages ffmpeg espeak-ng fonts-dejavu-core libsecret-1-dev chromium postgresql-15 time jq
ensure_node_modules
mkdir -p "$ROOT/artifacts"
cd "$ROOT"

step "Type check (tsc)" yarn tsc --noEmit
step "Lint (eslint)" yarn backstage-cli repo lint
step "Formatting (prettier)" yarn prettier --check --loglevel warn .
step "OpenAPI generated files up to date" yarn openapi:generate --check

start_postgres
# CI=true: no watch mode, and Backstage's TestDatabases require the real
# PostgreSQL above instead of silently skipping it.
run_unit_tests() {
  CI=true yarn backstage-cli repo test --maxWorkers=2 2>&1 | tee "$ROOT/artifacts/unit-tests.log"
}
step "Unit and database tests (jest)" run_unit_tests

step "Terraform (fmt, validate, test)" bash "$ROOT/terraform/test.sh"

# AWS mode against AWS's own rules, offline: IAM contract, template → root
# contract, two environments, the aws root's tests (scripts/test-aws.sh).
step "AWS contracts (yarn test:aws)" bash "$ROOT/scripts/test-aws.sh"

# The packages packed and installed into a stock Backstage 1.55 app by the
# README's steps, then health, actions, catalog and a video checked there.
step "Adoption (yarn test:adoption)" bash scripts/adoption-check.sh

# The browser tests run against the app as `npm start` runs it, on ports of
# their own and with a data directory of their own, so they neither clash
# with nor touch a developer's running app.
E2E_DIR="$(mktemp -d /tmp/videogen-e2e.XXXXXX)"
export E2E_FRONTEND_PORT="${E2E_FRONTEND_PORT:-3100}"
export E2E_BACKEND_PORT="${E2E_BACKEND_PORT:-7107}"
export E2E_BASE_URL="http://localhost:$E2E_FRONTEND_PORT"
# The OpenID Connect server of the sign-in test (packages/app/e2e/oidc),
# on loopback; the backend reads its discovery document when it starts.
export E2E_OIDC_PORT="${E2E_OIDC_PORT:-7190}"
start_app_for_e2e() {
  (
    export APP_CONFIG_auth_session_secret="e2e-session-secret-$RANDOM$RANDOM"
    export APP_CONFIG_auth_providers_oidc_development="{\"metadataUrl\":\"http://127.0.0.1:$E2E_OIDC_PORT/.well-known/openid-configuration\",\"clientId\":\"videogen-e2e\",\"clientSecret\":\"e2e-client-secret\",\"prompt\":\"auto\",\"signIn\":{\"resolvers\":[{\"resolver\":\"emailMatchingUserEntityProfileEmail\"}]}}"
    export APP_CONFIG_app_baseUrl="$E2E_BASE_URL"
    export APP_CONFIG_backend_baseUrl="http://localhost:$E2E_BACKEND_PORT"
    export APP_CONFIG_backend_listen_port="$E2E_BACKEND_PORT"
    export APP_CONFIG_backend_cors_origin="$E2E_BASE_URL"
    export APP_CONFIG_backend_database_connection_directory="$E2E_DIR/sqlite"
    export APP_CONFIG_videogen_dataDir="$E2E_DIR"
    # One process group: the OIDC server first, then the app once it answers.
    setsid bash -c '
      node packages/app/e2e/oidc/server.mjs &
      until curl -sf "http://127.0.0.1:$E2E_OIDC_PORT/.well-known/openid-configuration" >/dev/null; do sleep 0.2; done
      exec node "$0" dev' "$YARN_RELEASE" >"$ROOT/artifacts/e2e-app.log" 2>&1 &
    echo $! >"$E2E_DIR/app.pid"
  )
  APP_PGID="$(cat "$E2E_DIR/app.pid")"
  local deadline=$((SECONDS + 300))
  until curl -sf "http://localhost:$E2E_BACKEND_PORT/api/videogen/health" >/dev/null &&
        curl -sf "$E2E_BASE_URL" >/dev/null; do
    if [ $SECONDS -gt $deadline ]; then
      echo "The app did not start within 5 minutes; see artifacts/e2e-app.log" >&2
      tail -50 "$ROOT/artifacts/e2e-app.log" >&2
      return 1
    fi
    if ! kill -0 "$APP_PGID" 2>/dev/null; then
      echo "The app exited while starting; see artifacts/e2e-app.log" >&2
      tail -50 "$ROOT/artifacts/e2e-app.log" >&2
      return 1
    fi
    sleep 2
  done
}
step "Start the app for browser tests" start_app_for_e2e
run_e2e() {
  node --require "$ROOT/node_modules/@backstage/cli/config/nodeTransform.cjs" \
    --test --test-concurrency=1 packages/app/e2e/*.e2e.ts 2>&1 | tee "$ROOT/artifacts/e2e-tests.log"
}
step "Browser tests (Chromium)" run_e2e

log "Summary"
grep -E '^Tests:' "$ROOT/artifacts/unit-tests.log" | sed 's/^/jest        /' || true
grep -E '^# (tests|pass|fail) ' "$ROOT/artifacts/e2e-tests.log" | sed 's/^# /browser     /' || true
printf '%s\n' "${SUMMARY[@]}"
echo "All tests passed in $((SECONDS - started_at))s."
