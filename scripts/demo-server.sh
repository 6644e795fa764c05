# Sourced by the client checks and the browser walk: serves the demo on a throw-away SQLite file in "$dir" (which the
# caller creates) on port "$port", stops it and removes "$dir" on exit (after "$keep_log", if set, gets the log),
# and waits until it answers /readyz ("$wait_seconds", default 180). Needs a built `tinhso` (swift build).
TINHSO_SQLITE_PATH="$dir/demo.sqlite" TINHSO_UPLOAD_DIR="$dir/uploads" TINHSO_BCRYPT_COST=4 \
  "$(swift build --show-bin-path)/tinhso" serve --demo --port "$port" >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; [ -n "${keep_log:-}" ] && cp "$dir/server.log" "$keep_log" 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 "${wait_seconds:-180}"); do
  curl -sf -o /dev/null "http://127.0.0.1:$port/readyz" && break
  kill -0 $server 2>/dev/null || { cat "$dir/server.log"; exit 1; }
  sleep 1
done
