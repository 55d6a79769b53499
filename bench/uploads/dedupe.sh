#!/usr/bin/env bash
# Runs bench/uploads/dedupe.bench.ts against a throwaway PostgreSQL 15
# cluster (scripts/postgres.sh), stopped and deleted afterwards.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/postgres.sh"
trap stop_postgres EXIT
start_postgres
cd "$ROOT"
node --require ./node_modules/@backstage/cli/config/nodeTransform.cjs \
  bench/uploads/dedupe.bench.ts "$@"
