#!/usr/bin/env bash
# End-to-end walk in a real browser: serves the demo on a throw-away SQLite file and drives Debian's chromium
# through chromium-driver with selenium (scripts/e2e/walk.py). Screenshots go to .build/e2e/ (or $E2E_OUT).
# Needs a built `tinhso` (swift build), chromium, chromium-driver and `pip install selenium`.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
port=${E2E_PORT:-18412}
out=${E2E_OUT:-.build/e2e}
rm -rf "$out" && mkdir -p "$out"
TINHSO_SQLITE_PATH="$dir/demo.sqlite" TINHSO_UPLOAD_DIR="$dir/uploads" TINHSO_BCRYPT_COST=4 \
  "$(swift build --show-bin-path)/tinhso" serve --demo --port "$port" >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; cp "$dir/server.log" "$out/server.log" 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 240); do
  curl -sf -o /dev/null "http://127.0.0.1:$port/readyz" && break
  kill -0 $server 2>/dev/null || { cat "$dir/server.log"; exit 1; }
  sleep 1
done
python3 scripts/e2e/walk.py "http://127.0.0.1:$port" "$out"
