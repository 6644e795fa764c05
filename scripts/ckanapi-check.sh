#!/usr/bin/env bash
# Serves the demo on a throw-away SQLite file and drives it with the real PyPI ckanapi client, library and command
# line (scripts/ckanapi-check.py). Needs a built `tinhso` (swift build).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c "import ckanapi" 2>/dev/null || python3 -m pip install -q ckanapi
dir=$(mktemp -d)
port=${CKAN_CHECK_PORT:-18312}
. scripts/demo-server.sh
python3 scripts/ckanapi-check.py "http://127.0.0.1:$port" \
  tsk_DEMO-so-y-te-chi-de-thu-nghiem-2026 tsk_DEMO-so-xay-dung-chua-dat-attt-2026
