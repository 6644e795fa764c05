#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server on 127.0.0.1 for the test lane and prints its DATABASE_URL.
# initdb refuses to run as root, so the cluster belongs to the 'postgres' user when we are root.
# Usage: eval "$(scripts/start-postgres.sh)"   (sets DATABASE_URL and PGDATA_DIR)
#        scripts/stop-postgres.sh              (stops it and removes the data directory)
set -euo pipefail

PORT="${TINHSO_PG_PORT:-54329}"
DIR="${TINHSO_PG_DIR:-$(mktemp -d /tmp/tinhso-pg.XXXXXX)}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$BIN/initdb" ] || { echo "PostgreSQL server binaries not found; apt-get install -y postgresql" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$DIR"; fi
as_owner "$BIN/initdb" -D "$DIR/data" -U tinhso --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
  || as_owner "$BIN/initdb" -D "$DIR/data" -U tinhso --auth=trust --encoding=UTF8 --locale=C >"$DIR/initdb.log" 2>&1
as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
  -o "-h 127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
as_owner "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U tinhso tinhso_test

echo "export DATABASE_URL=postgres://tinhso@127.0.0.1:$PORT/tinhso_test?tlsmode=disable"
echo "export PGDATA_DIR=$DIR"
