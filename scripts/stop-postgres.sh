#!/usr/bin/env bash
# Stops the server started by scripts/start-postgres.sh and removes its data directory.
set -euo pipefail
DIR="${PGDATA_DIR:?PGDATA_DIR is not set; eval the output of scripts/start-postgres.sh first}"
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null || true
else "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null || true; fi
rm -rf "$DIR"
