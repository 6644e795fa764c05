#!/usr/bin/env bash
# Serves the demo on a throw-away SQLite file and drives it with the real PyPI ckanapi client, library and command
# line (scripts/ckanapi-check.py). Needs a built `tinhso` (swift build).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c "import ckanapi" 2>/dev/null || python3 -m pip install -q ckanapi
dir=$(mktemp -d)
port=${CKAN_CHECK_PORT:-18312}
TINHSO_SQLITE_PATH="$dir/demo.sqlite" TINHSO_UPLOAD_DIR="$dir/uploads" TINHSO_BCRYPT_COST=4 \
  "$(swift build --show-bin-path)/tinhso" serve --demo --port "$port" >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 180); do
  curl -sf -o /dev/null "http://127.0.0.1:$port/readyz" && break
  kill -0 $server 2>/dev/null || { cat "$dir/server.log"; exit 1; }
  sleep 1
done
python3 scripts/ckanapi-check.py "http://127.0.0.1:$port" \
  tsk_DEMO-so-y-te-chi-de-thu-nghiem-2026 tsk_DEMO-so-xay-dung-chua-dat-attt-2026
