#!/usr/bin/env bash
# Runs a benchmark (a TypeScript file, with its flags) against a throwaway
# PostgreSQL 15 cluster (scripts/postgres.sh), stopped and deleted
# afterwards:
#   bash bench/lib/postgres.sh bench/pipeline/dedupe.bench.ts --requests 20
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/postgres.sh"
trap stop_postgres EXIT
start_postgres
cd "$ROOT"
node --require ./node_modules/@backstage/cli/config/nodeTransform.cjs "$@"
