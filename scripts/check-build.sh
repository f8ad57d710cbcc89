#!/usr/bin/env bash
# Builds DutyDesk into a throw-away directory laid out like a deployment (dist/, prisma/, package.json,
# node_modules), starts it there as `npm run start:prod` does (`node <flags> dist/server.js`)
# on a free port over a fresh database, checks /healthz and
# /readyz (migrations applied from dist/) and /metrics, then stops it with SIGTERM. Prints "build check: ok" or fails.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
tmp=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill "$pid"; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

start=$(date +%s)
npx tsc -p tsconfig.build.json --outDir "$tmp/dist"
node scripts/copy-assets.mjs "$tmp/dist"
cp -r prisma package.json "$tmp/"
ln -s "$(readlink -f "$root/node_modules")" "$tmp/node_modules"
echo "built in $(( $(date +%s) - start )) s"

prod=$(node -p "require('./package.json').scripts['start:prod']")
cd "$tmp"
# PORT=0: the system picks a free port; the server logs the address it took.
env -i PATH="$PATH" HOME="$HOME" NODE_ENV=production LOG_FORMAT=json PORT=0 HOST=127.0.0.1 \
  DATABASE_URL="file:$tmp/data/check.db" MEDIA_DIR="$tmp/data/media" \
  $prod >"$tmp/server.log" 2>&1 &
pid=$!

base=
for _ in $(seq 1 100); do
  base=$(grep -o 'DutyDesk is up: http://127.0.0.1:[0-9]*' "$tmp/server.log" | head -n1 | sed 's/.*up: //') || true
  [ -n "$base" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.2
done
if [ -z "$base" ]; then echo "server did not start:"; cat "$tmp/server.log"; exit 1; fi

health=$(curl -fsS "$base/healthz")
ready=$(curl -fsS "$base/readyz")
echo "$base/healthz → $health"
echo "$base/readyz → $ready"
[ "$health" = '{"status":"ok"}' ] && [ "$ready" = '{"status":"ready"}' ] || { cat "$tmp/server.log"; exit 1; }
backlog=$(curl -fsS "$base/metrics" | grep '^dutydesk_inbound_backlog ') || { echo "/metrics lacks dutydesk_inbound_backlog"; exit 1; }
echo "$base/metrics → $backlog"

kill -TERM "$pid"
wait "$pid" && code=0 || code=$?
pid=
if [ "$code" -ne 0 ]; then echo "server exited with $code after SIGTERM:"; cat "$tmp/server.log"; exit 1; fi
echo "build check: ok in $(( $(date +%s) - start )) s"
