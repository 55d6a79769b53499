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

cleanup() {
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
# their own and with a data directory of their own (scripts/e2e.sh).
step "Browser tests (Chromium)" bash "$ROOT/scripts/e2e.sh"

log "Summary"
grep -E '^Tests:' "$ROOT/artifacts/unit-tests.log" | sed 's/^/jest        /' || true
grep -E '^# (tests|pass|fail) ' "$ROOT/artifacts/e2e-tests.log" | sed 's/^# /browser     /' || true
printf '%s\n' "${SUMMARY[@]}"
echo "All tests passed in $((SECONDS - started_at))s."
