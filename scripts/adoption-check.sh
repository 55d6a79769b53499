#!/usr/bin/env bash
# `yarn test:adoption`: adopts the plugins the way a platform engineer would,
# into a stock Backstage app of the pinned release, with nothing but what
# the README says. Part of `npm test` (scripts/test.sh); runs on its own too.
#
#   1. Builds and packs every package (`yarn pack`, which runs
#      `backstage-cli package prepack` and copies terraform/, templates/ and
#      LICENSE in), then checks each tarball's metadata
#      (scripts/adoption/check-tarballs.mjs).
#   2. Serves the tarballs from a throwaway npm registry on loopback
#      (scripts/adoption/registry.mjs): the packages are not published, and
#      this is how an adopter's private registry would serve them.
#   3. Copies fixtures/stock-app (what `@backstage/create-app` of the pinned
#      release writes, backend only: see its README) to a temporary
#      directory, installs it, and runs the commands of the README's
#      "Install into your Backstage app" section, read from the README.
#   4. Starts its backend on a port of its own and checks: health ok, the
#      five scaffolder actions listed, both templates and the built-in
#      `local` environment (with its System) in the catalog, and a knight
#      upload rendered to SUCCEEDED.
#
# Environment: ADOPTION_PORT (backend, default 7207), ADOPTION_REGISTRY_PORT
# (default 7208), ADOPTION_KEEP=1 keeps the temporary directory,
# ADOPTION_REUSE_TARBALLS=<dir> skips building and packing (development).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# jq reads the API's answers; the render needs the generator's programs.
ensure_debian_packages jq ffmpeg espeak-ng fonts-dejavu-core
cd "$ROOT"

PORT="${ADOPTION_PORT:-7207}"
REGISTRY_PORT="${ADOPTION_REGISTRY_PORT:-7208}"
WORK="$(mktemp -d /tmp/videogen-adoption.XXXXXX)"
TARBALLS="$WORK/tarballs"
APP="$WORK/app"
mkdir -p "$TARBALLS" "$ROOT/artifacts"
LOG="$ROOT/artifacts/adoption-backend.log"

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  done
  sleep 1
  for pid in "${PIDS[@]}"; do
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  if [ -z "${ADOPTION_KEEP:-}" ]; then rm -rf "$WORK"; else echo "Kept $WORK"; fi
}
trap cleanup EXIT

SUMMARY=()
started_at=$SECONDS
phase() {
  local name="$1"; shift
  log "adoption: $name"
  local t0=$SECONDS
  "$@"
  SUMMARY+=("$(printf '%-44s %4ss' "$name" $((SECONDS - t0)))")
}
fail() { echo "adoption check FAILED: $*" >&2; exit 1; }

PACKAGES=(
  plugins/videogen-common
  packages/worker
  plugins/videogen-backend
  plugins/scaffolder-backend-module-videogen
  plugins/catalog-backend-module-videogen
  plugins/videogen
)

build_packages() {
  # Type definitions first (dist-types), which the builds bundle.
  yarn tsc
  for dir in "${PACKAGES[@]}"; do
    # Each package's own build script: the frontend plugin bundles its
    # hashing worker after the Backstage build.
    (cd "$dir" && yarn build)
  done
}

pack_packages() {
  for dir in "${PACKAGES[@]}"; do
    (cd "$dir" && yarn pack --out "$TARBALLS/%s-%v.tgz" >/dev/null)
  done
  ls -1 "$TARBALLS"
  node scripts/adoption/check-tarballs.mjs "$TARBALLS"
}

start_registry() {
  setsid node scripts/adoption/registry.mjs "$TARBALLS" "$REGISTRY_PORT" \
    >"$WORK/registry.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 50); do
    curl -sf "http://127.0.0.1:$REGISTRY_PORT/@videogen%2fplugin-videogen-common" >/dev/null && return 0
    sleep 0.2
  done
  cat "$WORK/registry.log" >&2
  fail "the local registry did not start"
}

# The app, outside the repository so its workspaces are not the repo's.
install_stock_app() {
  cp -r fixtures/stock-app "$APP"
  mkdir -p "$APP/.yarn/releases"
  cp "$YARN_RELEASE" "$APP/.yarn/releases/"
  # The @videogen scope comes from the loopback registry (an adopter points
  # it at npm or their own registry); the packages were packed just now, so
  # they pass the stock app's minimum-age gate only when pre-approved.
  cat >>"$APP/.yarnrc.yml" <<EOF
npmScopes:
  videogen:
    npmRegistryServer: "http://127.0.0.1:$REGISTRY_PORT"
unsafeHttpWhitelist:
  - 127.0.0.1
EOF
  sed -i "s|^  - '@backstage/\*'$|  - '@backstage/*'\n  - '@videogen/*'|" "$APP/.yarnrc.yml"
  # A new app has no lockfile yet: Yarn must write one even where CI=true
  # makes installs immutable by default.
  (cd "$APP" && YARN_ENABLE_IMMUTABLE_INSTALLS=false npm_config_nodedir=/usr yarn install >"$WORK/install.log" 2>&1) || {
    tail -40 "$WORK/install.log" >&2
    fail "the stock app does not install"
  }
}

# The README's section, from its heading to the next one.
readme_install_section() {
  awk '/^## Install into your Backstage app/{on=1; next} /^## /{on=0} on' README.md
}

follow_readme() {
  local section add_command lines
  section="$(readme_install_section)"
  [ -n "$section" ] || fail "README.md has no \"Install into your Backstage app\" section"
  add_command="$(grep -E '^yarn --cwd packages/backend add ' <<<"$section" || true)"
  [ -n "$add_command" ] || fail "the README's install section has no 'yarn --cwd packages/backend add' command"
  lines="$(grep -E "^backend\.add\(import\('@videogen/" <<<"$section" || true)"
  [ -n "$lines" ] || fail "the README's install section adds no @videogen plugin to the backend"
  echo "+ $add_command"
  (cd "$APP" && export YARN_ENABLE_IMMUTABLE_INSTALLS=false && eval "$add_command") >"$WORK/add.log" 2>&1 || {
    tail -40 "$WORK/add.log" >&2
    fail "the README's add command failed"
  }
  echo "+ packages/backend/src/index.ts, before backend.start():"
  echo "$lines"
  local index="$APP/packages/backend/src/index.ts"
  LINES="$lines" node -e '
    const fs = require("fs");
    const file = process.argv[1];
    const text = fs.readFileSync(file, "utf8");
    if (!text.includes("backend.start();")) throw new Error("no backend.start()");
    fs.writeFileSync(file, text.replace("backend.start();", process.env.LINES + "\n\nbackend.start();"));
  ' "$index"
  # No duplicate of any @backstage package: the app resolves one version each.
  (cd "$APP" && node -e '
    const lock = require("fs").readFileSync("yarn.lock", "utf8");
    const versions = {};
    for (const m of lock.matchAll(/^  resolution: "(@backstage\/[^@]+)@npm:([^"]+)"/gm)) {
      (versions[m[1]] ??= new Set()).add(m[2]);
    }
    const dup = Object.entries(versions).filter(([, v]) => v.size > 1);
    if (dup.length) {
      console.error("Duplicate @backstage packages:", dup.map(([n, v]) => n + " " + [...v].join(", ")).join("; "));
      process.exit(1);
    }
    console.log("one version of each of " + Object.keys(versions).length + " @backstage packages");
  ')
}

start_backend() {
  (
    cd "$APP/packages/backend"
    export APP_CONFIG_backend_listen_port="$PORT"
    export APP_CONFIG_backend_baseUrl="http://localhost:$PORT"
    setsid node "$YARN_RELEASE" start >"$LOG" 2>&1 &
    echo $! >"$WORK/backend.pid"
  )
  PIDS+=("$(cat "$WORK/backend.pid")")
  local deadline=$((SECONDS + 240))
  until curl -sf "http://localhost:$PORT/api/videogen/health" >/dev/null; do
    if [ $SECONDS -gt $deadline ]; then
      tail -40 "$LOG" >&2
      fail "the backend did not answer /api/videogen/health within 4 minutes (log: $LOG)"
    fi
    kill -0 "$(cat "$WORK/backend.pid")" 2>/dev/null || {
      tail -40 "$LOG" >&2
      fail "the backend exited while starting (log: $LOG)"
    }
    sleep 2
  done
}

B="http://localhost:$PORT/api"
wait_for() { # <what> <seconds> <command...>: retries until the command succeeds
  local what="$1" seconds="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    [ $SECONDS -gt $deadline ] && fail "$what (after ${seconds}s; log: $LOG)"
    sleep 2
  done
}

check_app() {
  local health token actions
  health="$(curl -sf "$B/videogen/health")"
  echo "health: $health"
  [ "$(jq -r .status <<<"$health")" = ok ] || fail "health is not ok: $health"
  grep -q 'Prerequisites found' "$LOG" || fail "the backend did not log its prerequisite checks"

  token="$(curl -sf "$B/auth/guest/refresh" | jq -r .backstageIdentity.token)"
  [ -n "$token" ] && [ "$token" != null ] || fail "no guest token from the stock app's guest provider"
  H="Authorization: Bearer $token"

  actions="$(curl -sf -H "$H" "$B/scaffolder/v2/actions" | jq -r '.[].id' | grep '^videogen:' | sort | tr '\n' ' ')"
  echo "actions: $actions"
  [ "$actions" = "videogen:env:apply videogen:env:destroy videogen:env:plan videogen:state:bootstrap videogen:state:remove " ] ||
    fail "the five videogen actions are not listed (got: $actions)"

  entity() { curl -sf -H "$H" "$B/catalog/entities/by-name/$1" >/dev/null; }
  for ref in template/default/provision-environment template/default/teardown-environment \
             resource/default/local system/default/video-generator; do
    wait_for "$ref is not in the catalog" 120 entity "$ref"
    echo "catalog: $ref"
  done

  local upload id state
  upload="$(curl -sf -H "$H" -F photo=@fixtures/characters/knight.jpg \
    -F script=@fixtures/characters/knight.txt -F environment=local "$B/videogen/videos")" ||
    fail "the knight upload was refused"
  id="$(jq -r .videoId <<<"$upload")"
  echo "upload: $(jq -c '{videoId, deduplicated}' <<<"$upload")"
  video_done() {
    state="$(curl -sf -H "$H" "$B/videogen/videos/$id" | jq -r .state)"
    [ "$state" = SUCCEEDED ] || [ "$state" = FAILED ]
  }
  wait_for "the knight video did not finish" 300 video_done
  [ "$state" = SUCCEEDED ] || fail "the knight video ended $state: $(curl -s -H "$H" "$B/videogen/videos/$id")"
  echo "video $id: SUCCEEDED"
}

if [ -n "${ADOPTION_REUSE_TARBALLS:-}" ]; then
  # Development only: the tarballs of an earlier run (ADOPTION_KEEP=1).
  cp "$ADOPTION_REUSE_TARBALLS"/*.tgz "$TARBALLS/"
  phase "Check the reused tarballs" node scripts/adoption/check-tarballs.mjs "$TARBALLS"
else
  phase "Build every package" build_packages
  phase "Pack and check the tarballs" pack_packages
fi
phase "Registry for the tarballs" start_registry
phase "Install the stock app (fixtures/stock-app)" install_stock_app
phase "Follow the README's install steps" follow_readme
phase "Start its backend on :$PORT" start_backend
phase "Health, actions, catalog, knight video" check_app

# The same backend started again with a PATH on which there is no terraform
# (every other program still there): its health answer names it.
without_terraform() {
  local pid shadow="$WORK/path-without-terraform" dir health
  pid="$(cat "$WORK/backend.pid")"
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  mkdir -p "$shadow"
  IFS=: read -ra dirs <<<"$PATH"
  # In PATH order: ln does not replace a name an earlier directory gave.
  for dir in "${dirs[@]}"; do
    [ -d "$dir" ] && ln -s "$dir"/* "$shadow/" 2>/dev/null || true
  done
  rm -f "$shadow/terraform"
  LOG="$ROOT/artifacts/adoption-backend-without-terraform.log"
  PATH="$shadow" start_backend
  health="$(curl -sf "http://localhost:$PORT/api/videogen/health")"
  echo "health: $(jq -c '{status, message, terraform: (.checks[]? | select(.name == "terraform"))}' <<<"$health")"
  [ "$(jq -r .status <<<"$health")" = degraded ] || fail "health is not degraded without terraform: $health"
  jq -e '.checks[] | select(.name == "terraform" and .ok == false and (.install | test("Terraform")))' <<<"$health" >/dev/null ||
    fail "health does not name terraform: $health"
  grep -q 'Prerequisite missing: terraform' "$LOG" || fail "no start-up log line names terraform"
}
phase "Without terraform on PATH: health names it" without_terraform

log "adoption check: summary"
printf '%s\n' "${SUMMARY[@]}"
echo "Adoption check passed in $((SECONDS - started_at))s."
