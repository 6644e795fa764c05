#!/usr/bin/env bash
# Serves the demo on a throw-away SQLite file and drives it with the real PyPI open311 client
# (scripts/open311-client-check.py). Needs a built `tinhso` (swift build).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
port=${OPEN311_CHECK_PORT:-18311}
TINHSO_SQLITE_PATH="$dir/demo.sqlite" TINHSO_UPLOAD_DIR="$dir/uploads" TINHSO_BCRYPT_COST=4 \
  "$(swift build --show-bin-path)/tinhso" serve --demo --port "$port" >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 180); do
  curl -sf -o /dev/null "http://127.0.0.1:$port/readyz" && break
  kill -0 $server 2>/dev/null || { cat "$dir/server.log"; exit 1; }
  sleep 1
done
python3 scripts/open311-client-check.py "http://127.0.0.1:$port" demo.congdan tinhso-demo-2026
