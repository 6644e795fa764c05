#!/usr/bin/env bash
# Issue 11: schemathesis (PyPI) fuzzes every operation of /openapi.json against the demo server, signed in as the
# demo administrator, with a bounded number of examples and a fixed seed. Any 5xx, schema violation, wrong status
# for a missing credential or an undeclared method fails. Needs a built `tinhso` (swift build).
#   scripts/api-fuzz.sh [extra schemathesis options, e.g. -n 100 --seed 7]
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c "import schemathesis" 2>/dev/null || python3 -m pip install -q schemathesis
dir=$(mktemp -d)
port=${API_FUZZ_PORT:-18313}
keep_log=${API_FUZZ_LOG:-.build/api-fuzz-server.log}
. scripts/demo-server.sh
base="http://127.0.0.1:$port"
token=$(curl -sf -X POST "$base/api/v1/auth/tokens" -H 'Content-Type: application/json' \
  -d '{"username":"demo.admin","password":"tinhso-demo-2026","name":"schemathesis"}' |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
schemathesis run "$base/openapi.json" \
  --header "Authorization: Bearer $token" \
  --max-examples "${API_FUZZ_EXAMPLES:-20}" --seed "${API_FUZZ_SEED:-11}" --workers 2 \
  --continue-on-failure --no-shrink --warnings off \
  --report junit --report-dir .build/api-fuzz \
  "$@"
