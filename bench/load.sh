#!/usr/bin/env bash
# Load figures for docs/performance.md: see bench/load.py. Installs wrk (Debian) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
exec python3 bench/load.py "$@"
