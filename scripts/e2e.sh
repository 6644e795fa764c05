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
keep_log="$out/server.log"
wait_seconds=240
# The walk checks that a report filed a moment earlier shows in the dashboard's counters: no shared widgets.
export TINHSO_IOC_CACHE_SECONDS=0
. scripts/demo-server.sh
python3 scripts/e2e/walk.py "http://127.0.0.1:$port" "$out"
