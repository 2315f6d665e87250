#!/usr/bin/env bash
# The Dockerfile's production start path, without Docker (CI runs it from .ci/run):
# a clean copy of the committed sources is built with the development tooling; a
# second, clean folder gets production dependencies only (npm ci --omit=dev) and the
# build, owned by root as in the image; a user without privileges runs the release
# command and then the server with NODE_ENV=production. The server must answer
# /healthz and /readyz, hide /dev/* (404) and stop cleanly on SIGTERM.
#
# Needs DATABASE_URL (a server; a scratch database is made and dropped there) and,
# optionally, REDIS_URL. PORT defaults to 4410.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
: "${DATABASE_URL:?production-start needs DATABASE_URL (a Postgres server)}"
port=${PRODUCTION_START_PORT:-4410}
run_as=${PRODUCTION_START_USER:-nobody}

work=$(mktemp -d /tmp/hourbook-production-XXXXXX)
chmod 755 "$work"
database="hourbook_production_$$"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then kill -KILL "$server_pid" || true; fi
  psql -q "$DATABASE_URL" -c "drop database if exists ${database} with (force)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

say() { printf -- '-- %s\n' "$*"; }
fail() { printf 'production-start: %s\n' "$*" >&2; [[ -f "$work/server.log" ]] && tail -n 40 "$work/server.log" >&2; exit 1; }

say "Clean copy of the committed sources, built"
mkdir "$work/src"
git archive HEAD | tar -x -C "$work/src"
# The build needs the development tooling the Dockerfile's deps stage installs; the
# checkout's node_modules is that install (npm ci), so it is borrowed, not repeated.
ln -s "$repo/node_modules" "$work/src/node_modules"
(cd "$work/src" && SOURCE_COMMIT=$(git -C "$repo" rev-parse HEAD) npm run build --silent >/dev/null)

say "Production dependencies only, beside the build (root-owned, as in the image)"
app="$work/app"
mkdir -p "$app/db"
cp "$work/src/package.json" "$work/src/package-lock.json" "$app/"
(cd "$app" && npm ci --omit=dev --no-audit --no-fund --prefer-offline --loglevel=error >/dev/null)
cp -r "$work/src/db/migrations" "$app/db/migrations"
cp -r "$work/src/build" "$work/src/public" "$app/"
rm "$app/package-lock.json"
if [[ -e "$app/node_modules/vitest" || -e "$app/node_modules/@remix-run/dev" ]]; then fail "development packages reached the production folder"; fi
chmod -R a+rX "$app"

psql -q "$DATABASE_URL" -c "create database ${database}" >/dev/null
base_url=${DATABASE_URL%/*}
export DATABASE_URL="${base_url}/${database}"
export NODE_ENV=production NODE_OPTIONS=--enable-source-maps PORT="$port" HOST=127.0.0.1
export SESSION_SECRET SECRETS_KEY
SESSION_SECRET=$(openssl rand -hex 32)
SECRETS_KEY=$(openssl rand -hex 32)

# setpriv execs the command itself (runuser would stay in between and turn SIGTERM into its own exit status).
as_user() {
  if [[ $(id -u) -eq 0 ]]; then
    exec setpriv --reuid="$run_as" --regid="$(id -g "$run_as")" --clear-groups -- "$@"
  else
    exec "$@"
  fi
}

say "Release command, then the server, as ${run_as}"
(cd "$app" && as_user node build/server/db-cli.js migrate) >"$work/release.log" 2>&1 || { cat "$work/release.log" >&2; fail "the release command failed"; }
(cd "$app" && as_user node build/server/index.js) >"$work/server.log" 2>&1 &
server_pid=$!

for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:${port}/healthz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || fail "the server exited before answering"
  sleep 0.5
done

status() { curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${port}$1"; }
expect_status() {
  local got
  got=$(status "$1")
  [[ "$got" == "$2" ]] || fail "GET $1 answered $got, expected $2"
  say "GET $1 → $got"
}
expect_status /healthz 200
expect_status /readyz 200
expect_status /dev/mailbox 404
expect_status /dev/emails 404
expect_status /login 200
commit=$(curl -fsS "http://127.0.0.1:${port}/version" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).commit))')
[[ "$commit" == "$(git rev-parse HEAD)" ]] || fail "/version names commit ${commit}, expected $(git rev-parse HEAD)"
say "GET /version → ${commit}"
[[ "$(ps -o user= -p "$server_pid" | tr -d ' ')" != "root" ]] || fail "the server runs as root"

kill -TERM "$server_pid"
wait "$server_pid" || fail "the server did not stop cleanly on SIGTERM"
server_pid=""
say "Stopped cleanly on SIGTERM"
