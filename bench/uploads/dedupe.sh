#!/usr/bin/env bash
# Runs bench/uploads/dedupe.bench.ts against a throwaway PostgreSQL 15
# cluster (scripts/postgres.sh), stopped and deleted afterwards.
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/../lib/postgres.sh" \
  bench/uploads/dedupe.bench.ts "$@"
