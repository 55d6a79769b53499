# Shared by scripts/start.sh and scripts/test.sh: make a fresh machine that
# has only Node 20 and npm ready to run this repository. Every step checks
# before it acts, so running it again is quick and changes nothing.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
YARN_RELEASE="$ROOT/.yarn/releases/yarn-4.13.0.cjs"

log() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

yarn() { node "$YARN_RELEASE" "$@"; }

# Debian packages the app and its tests need: ffmpeg and espeak-ng render
# videos, DejaVu has the glyphs for captions, chromium runs the browser
# tests, libsecret's headers let the optional keytar module (Backstage CLI
# auth) compile, postgresql for the database tests, time for benchmarks.
ensure_debian_packages() {
  local wanted=("$@") missing=()
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  log "Installing Debian packages: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      echo "Missing Debian packages (${missing[*]}) and no root or sudo to install them." >&2
      return 1
    fi
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_node_modules() {
  # better-sqlite3 and other native modules compile against the headers of
  # the Node that runs them (Debian ships them under /usr/include/node).
  if [ -d /usr/include/node ]; then export npm_config_nodedir=/usr; fi
  log "Installing JavaScript dependencies (yarn install --immutable)"
  (cd "$ROOT" && yarn install --immutable)
}

# Terraform runs offline through the provider mirror at /opt/tf-plugins.
export TF_CLI_CONFIG_FILE="$ROOT/terraform/cli.tfrc"
export TF_IN_AUTOMATION=1
export CHECKPOINT_DISABLE=1
