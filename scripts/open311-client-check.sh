#!/usr/bin/env bash
# Serves the demo on a throw-away SQLite file and drives it with the real PyPI open311 client
# (scripts/open311-client-check.py). Needs a built `tinhso` (swift build).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
port=${OPEN311_CHECK_PORT:-18311}
. scripts/demo-server.sh
python3 scripts/open311-client-check.py "http://127.0.0.1:$port" demo.congdan tinhso-demo-2026
