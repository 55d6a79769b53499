#!/usr/bin/env bash
# Starts the whole product in local mode: the Backstage app on
# http://localhost:3000 and the backend on http://localhost:7007.
# Installs what it needs first; safe to run again.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_debian_packages ffmpeg espeak-ng fonts-dejavu-core libsecret-1-dev
ensure_node_modules
mkdir -p "$ROOT/.data"

log "Starting the app (frontend :3000, backend :7007) in local mode"
cd "$ROOT"
exec node "$YARN_RELEASE" dev "$@"
