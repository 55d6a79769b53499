#!/usr/bin/env bash
# Starts the app as `npm start` runs it (local mode, guest and OIDC sign-in)
# on ports and with a data directory of its own, runs the browser tests
# against it, and stops it. scripts/test.sh runs every test file; pass
# files to run only those:
#   bash scripts/e2e.sh packages/app/e2e/videogen.e2e.ts
# Set E2E_FRONTEND_PORT, E2E_BACKEND_PORT and E2E_OIDC_PORT to run two
# of these side by side.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
mkdir -p "$ROOT/artifacts"

E2E_DIR="$(mktemp -d /tmp/videogen-e2e.XXXXXX)"
export E2E_FRONTEND_PORT="${E2E_FRONTEND_PORT:-3100}"
export E2E_BACKEND_PORT="${E2E_BACKEND_PORT:-7107}"
export E2E_BASE_URL="http://localhost:$E2E_FRONTEND_PORT"
# The OpenID Connect server of the sign-in test (packages/app/e2e/oidc),
# on loopback; the backend reads its discovery document when it starts.
export E2E_OIDC_PORT="${E2E_OIDC_PORT:-7190}"
# Logs of a run on other ports get the port in their name.
suffix=""
if [ "$E2E_BACKEND_PORT" != 7107 ]; then suffix="-$E2E_BACKEND_PORT"; fi
APP_LOG="$ROOT/artifacts/e2e-app$suffix.log"

APP_PGID=""
stop_app() {
  if [ -n "$APP_PGID" ]; then
    kill -TERM -- "-$APP_PGID" 2>/dev/null || true
    sleep 2
    kill -KILL -- "-$APP_PGID" 2>/dev/null || true
  fi
  rm -rf "$E2E_DIR"
}
trap stop_app EXIT

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
      exec node "$0" dev' "$YARN_RELEASE" >"$APP_LOG" 2>&1 &
    echo $! >"$E2E_DIR/app.pid"
  )
  APP_PGID="$(cat "$E2E_DIR/app.pid")"
  local deadline=$((SECONDS + 300))
  until curl -sf "http://localhost:$E2E_BACKEND_PORT/api/videogen/health" >/dev/null &&
        curl -sf "$E2E_BASE_URL" >/dev/null; do
    if [ $SECONDS -gt $deadline ]; then
      echo "The app did not start within 5 minutes; see $APP_LOG" >&2
      tail -50 "$APP_LOG" >&2
      return 1
    fi
    if ! kill -0 "$APP_PGID" 2>/dev/null; then
      echo "The app exited while starting; see $APP_LOG" >&2
      tail -50 "$APP_LOG" >&2
      return 1
    fi
    sleep 2
  done
}
log "Starting the app for browser tests (frontend :$E2E_FRONTEND_PORT, backend :$E2E_BACKEND_PORT)"
start_app_for_e2e

files=("$@")
if [ ${#files[@]} -eq 0 ]; then files=(packages/app/e2e/*.e2e.ts); fi
log "Browser tests (Chromium): ${files[*]}"
node --require "$ROOT/node_modules/@backstage/cli/config/nodeTransform.cjs" \
  --test --test-concurrency=1 "${files[@]}" 2>&1 | tee "$ROOT/artifacts/e2e-tests$suffix.log"
