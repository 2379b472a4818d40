#!/usr/bin/env bash
# The production artifact, checked outside a container (no container runtime on the build machines):
# the same steps as the Dockerfile. Builds, copies the artifact (ARTIFACT below, the Dockerfile's
# COPY lines) into an empty temporary folder, installs it with `npm ci --omit=dev` (so no
# devDependency exists there), runs the one-shot migrate on a fresh schema of the system PostgreSQL,
# then starts the web process (ROLE=web) and a worker (ROLE=worker) from the artifact with
# MIGRATE_ON_START=false (as compose.yaml does), waits for GET /readyz on both (the worker serves it
# on its INTERNAL_PORT) and the worker's "running" line, and stops both with SIGTERM (each must exit 0).
#
# Usage: bash scripts/check-production-artifact.sh   (about 25 s after a build, 45 s with one)
# Env:   CHECK_DATABASE_URL (default postgres://root@127.0.0.1:5432/test), KEEP=1 keeps the folder.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
database_url="${CHECK_DATABASE_URL:-postgres://root@127.0.0.1:5432/test}"
started=$SECONDS

# What the image contains besides node_modules (keep in step with the Dockerfile).
ARTIFACT=(dist/src dist/listeners dist/views package.json package-lock.json scripts/build-if-stale.js)

tmp="$(mktemp -d)"
schema="pps_artifact_$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  psql "$database_url" -qc "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
  if [ "${KEEP:-}" = 1 ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
step() { printf '== %s (%ss)\n' "$1" "$((SECONDS - started))"; }

step "build"
(cd "$repo" && node scripts/build-if-stale.js) # builds only if a source changed since the last build

step "copy the artifact into $tmp/app"
mkdir -p "$tmp/app"
(cd "$repo" && cp -r --parents "${ARTIFACT[@]}" "$tmp/app/")

step "npm ci --omit=dev"
(cd "$tmp/app" && npm ci --omit=dev --no-audit --no-fund --loglevel=error)
for dev in typescript jest ts-jest @biomejs/biome ajv fast-check autocannon; do
  if [ -e "$tmp/app/node_modules/$dev" ]; then echo "devDependency $dev is installed in the artifact"; exit 1; fi
done
echo "no devDependency installed; node_modules $(du -sh "$tmp/app/node_modules" | cut -f1)"
# What `npm start` runs first: in the artifact (no sources, no TypeScript) it must not try to build.
(cd "$tmp/app" && node scripts/build-if-stale.js)

step "fresh schema $schema"
psql "$database_url" -qc "CREATE SCHEMA $schema" >/dev/null
sep='?'; case "$database_url" in *\?*) sep='&' ;; esac
app_db="${database_url}${sep}options=-c%20search_path%3D${schema}"

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
port="$(free_port)"; internal_port="$(free_port)"; worker_port="$(free_port)"
export DATABASE_URL="$app_db"
export SLACK_CLIENT_ID=1111.2222 SLACK_CLIENT_SECRET=artifact-check-client-secret SLACK_SIGNING_SECRET=artifact-check-signing-secret
export PLUSPLUS_SIGNING_SECRET=artifact-check-plusplus-secret-0123456789
TOKEN_ENCRYPTION_KEY="$(node -e "console.log(require('crypto').randomBytes(32).toString('base64'))")"
export TOKEN_ENCRYPTION_KEY
export PUBLIC_URL=https://slack.example.com LOG_LEVEL=info NODE_ENV=production MIGRATE_ON_START=false
cd "$tmp/app"

step "migrate (the one-shot service)"
node dist/src/cli/migrate.js up
node dist/src/cli/migrate.js status | tail -n 1

step "start web (node dist/src/main.js, ROLE=web) and worker (node dist/src/main.js, ROLE=worker)"
ROLE=web PORT="$port" INTERNAL_PORT="$internal_port" node dist/src/main.js >"$tmp/web.log" 2>&1 &
pids+=($!); web=$!
ROLE=worker INTERNAL_PORT="$worker_port" node dist/src/main.js >"$tmp/worker.log" 2>&1 &
pids+=($!); worker=$!

wait_for() { # what, command…
  local what="$1"; shift
  for _ in $(seq 1 300); do
    if "$@" >/dev/null 2>&1; then echo "$what: ok"; return 0; fi
    sleep 0.1
  done
  echo "$what: timed out"; echo "--- web.log"; cat "$tmp/web.log"; echo "--- worker.log"; cat "$tmp/worker.log"; return 1
}
wait_for "web GET /healthz" curl -fsS "http://127.0.0.1:$port/healthz"
wait_for "web GET /readyz" curl -fsS "http://127.0.0.1:$port/readyz"
wait_for "web GET /metrics (internal port)" curl -fsS "http://127.0.0.1:$internal_port/metrics"
wait_for "worker GET /readyz (its internal port)" curl -fsS "http://127.0.0.1:$worker_port/readyz"
wait_for "worker GET /metrics" curl -fsS "http://127.0.0.1:$worker_port/metrics"
wait_for "worker running" grep -q '"delivery worker running"' "$tmp/worker.log"
if grep -q '"level":50\|"level":60' "$tmp/web.log" "$tmp/worker.log"; then
  echo "error lines in the logs:"; grep -h '"level":50\|"level":60' "$tmp/web.log" "$tmp/worker.log"; exit 1
fi

step "stop (SIGTERM)"
kill -TERM "$web" "$worker"
status=0
wait "$web" || { echo "web exited $?"; status=1; }
wait "$worker" || { echo "worker exited $?"; status=1; }
pids=()
[ "$status" = 0 ] || { cat "$tmp/web.log" "$tmp/worker.log"; exit 1; }
step "production artifact ok"
