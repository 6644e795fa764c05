#!/usr/bin/env python3
"""Load figures for docs/performance.md (issue 11), with wrk against a release build.

  bench/load.sh [--dossiers 1000000] [--reports 500000] [--seconds 15] [--connections 32] [--bin-path DIR]

Prepares (once, kept in .build/load/) a SQLite database with the demo data plus N generated dossiers, then in one
run measures: cold start (exec to /readyz answering, median of 5), idle RSS, and with wrk --latency:
  * a bare Vapor "hello" route of the same build (tinhso-bench hello), the ceiling;
  * POST /api/v1/feedback as the demo citizen (any category, near a random commune centre of Thanh Hóa);
  * GET /api/v1/public/dossiers/{code}?phone= over 2,000 random stored dossiers (the citizen's lookup);
  * GET /ioc, the operations-centre dashboard page, signed in as the demo IOC viewer;
each with requests/s, p99, and the ratio to the bare route measured in the same run. Prints a Markdown table.
"""

import argparse
import csv
import http.cookiejar
import json
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid

# As a province runs it: Vapor's production environment (in development Leaf re-reads every template per page).
SERVE = ["serve", "--env", "production"]
# Seconds after start by which the start-up jobs have begun on a million dossiers (open data from 20 s, alerts from
# 30 s); they can run on past 80 s, so measurements wait for the server to go quiet as well (`wait_quiet`).
JOBS_DONE = 60
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PASSWORD = "tinhso-demo-2026"


def sh(*args, **kw):
    return subprocess.run(args, check=True, **kw)


def wait_ready(url, process, timeout=600):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200:
                    return time.time()
        except Exception:
            time.sleep(0.005)
    raise SystemExit(f"{url} not ready")


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def wait_quiet(pid, started, earliest=JOBS_DONE, timeout=300):
    """Sleeps until `earliest` seconds after `started`, then until the server used under 5 % of a core over 5 s: a
    start-up job still reading a million rows would otherwise be measured with the requests."""
    time.sleep(max(0, started + earliest - time.time()))
    hertz = os.sysconf("SC_CLK_TCK")
    deadline = time.time() + timeout
    while time.time() < deadline:
        before = cpu_ticks(pid)
        time.sleep(5)
        if cpu_ticks(pid) - before < 0.05 * 5 * hertz:
            return
    raise SystemExit("the server did not go quiet after its start-up jobs")


def start(binary, args, env, log):
    return subprocess.Popen([binary, *args], env=env, stdout=open(log, "a"), stderr=subprocess.STDOUT)


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def wrk(url, seconds, connections, script=None, headers=(), env=None, warmup=5):
    """One measurement, after `warmup` seconds of the same load (the database file's pages into the page cache,
    the first requests' one-time work) that are not counted."""
    args = ["wrk", "-t2", f"-c{connections}", "--latency", "--timeout", "10s"]
    for header in headers:
        args += ["-H", header]
    if script:
        args += ["-s", script]
    if warmup:
        subprocess.run(args + [f"-d{warmup}s", url], check=True, capture_output=True, env=env)
    out = subprocess.run(args + [f"-d{seconds}s", url], check=True, capture_output=True, text=True, env=env).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"\s99%\s+([\d.]+)(us|ms|s)\b", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, float(p99.group(1)) * scale, int(errors.group(1)) if errors else 0, out

LOAD_MARK = "[Đo tải]"


def settle_reports(database, target):
    """Brings the load-made citizen reports (descriptions starting with LOAD_MARK) to exactly `target` before
    measuring. A new report's duplicate search reads among the open reports of its category near it, so the report
    POST's figure depends on how many the table holds, and every run of this script leaves about 15,000 more: the
    figures drifted from round to round. Missing ones are generated over the year before today, near Thanh Hóa's
    commune centres, in every category, open, filed by the demo citizen, numbered after each day's last code;
    surplus ones (the newest first) are deleted with their log lines."""
    rng = random.Random(11)
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA foreign_keys = ON")
        count = db.execute("SELECT count(*) FROM feedback WHERE description LIKE ?", (LOAD_MARK + "%",)).fetchone()[0]
        if count > target:
            db.execute("DELETE FROM feedback WHERE id IN (SELECT id FROM feedback WHERE description LIKE ? "
                       "ORDER BY submitted_at DESC LIMIT ?)", (LOAD_MARK + "%", count - target))
        elif count < target:
            communes = db.execute("SELECT u.id, u.code, u.lat, u.lon FROM admin_units u "
                                  "JOIN admin_units p ON p.id = u.parent_id "
                                  "WHERE u.tree = '2025' AND p.code = '38' AND u.lat IS NOT NULL").fetchall()
            categories = [row[0] for row in db.execute("SELECT DISTINCT code FROM feedback_categories WHERE active")]
            reporter = db.execute("SELECT id FROM users WHERE username = 'demo.congdan'").fetchone()[0]
            last = {}
            for day, number in db.execute("SELECT substr(code, 4, 6), max(CAST(substr(code, 11) AS INTEGER)) "
                                          "FROM feedback GROUP BY 1"):
                last[day] = number
            today = time.time() // 86400 * 86400
            rows = []
            for _ in range(target - count):
                unit, code, lat, lon = rng.choice(communes)
                at = today - rng.uniform(1, 365) * 86400
                day = time.strftime("%y%m%d", time.gmtime(at + 7 * 3600))
                last[day] = last.get(day, 0) + 1
                rows.append((str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper(), at, f"PA-{day}-{last[day]:04d}", rng.choice(categories),
                             f"{LOAD_MARK} Báo cáo sinh tự động số {len(rows) + 1}",
                             lat + (rng.random() - 0.5) * 0.009, lon + (rng.random() - 0.5) * 0.009, code, at,
                             unit, reporter))
            db.executemany(
                "INSERT INTO feedback (id, submitted_at, code, category, description, lat, lon, commune_code, "
                "location_approximate, urgent, status, clock_started_at, supplement_requests, reopen_count, likes, "
                "dislikes, handling_unit_id, reporter_id, province_code) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 'submitted', ?, 0, 0, 0, 0, ?, ?, '38')", rows)
        db.commit()
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(f"load-made reports in the database: {target:,} (were {count:,})", flush=True)



def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--bin-path", help="measure the tinhso and tinhso-bench binaries in this folder (a build "
                        "kept aside, to compare two builds on one database) instead of building the release")
    parser.add_argument("--reports", type=int, default=500_000,
                        help="load-made citizen reports in the database while measuring (see settle_reports)")
    parser.add_argument("--port", type=int, default=18779)
    parser.add_argument("--hello-port", type=int, default=18778)
    args = parser.parse_args()

    binpath = args.bin_path
    if not binpath:
        sh("swift", "build", "-c", "release", "--product", "tinhso", cwd=ROOT)
        sh("swift", "build", "-c", "release", "--product", "tinhso-bench", cwd=ROOT)
        binpath = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                                 capture_output=True, text=True).stdout.strip()
    tinhso, bench = os.path.join(binpath, "tinhso"), os.path.join(binpath, "tinhso-bench")
    work = os.path.join(ROOT, ".build", "load")
    os.makedirs(work, exist_ok=True)
    database = os.path.join(work, f"load-{args.dossiers}.sqlite")
    log = os.path.join(work, "server.log")
    env = dict(os.environ, TINHSO_SQLITE_PATH=database, TINHSO_UPLOAD_DIR=os.path.join(work, "uploads"))
    env.pop("DATABASE_URL", None)
    base = f"http://127.0.0.1:{args.port}"

    if not os.path.exists(database + ".ready"):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(database + suffix):
                os.remove(database + suffix)
        print(f"preparing {database}: demo data, then {args.dossiers:,} dossiers …", flush=True)
        server = start(tinhso, ["serve", "--demo", "--port", str(args.port)], env, log)
        wait_ready(base + "/readyz", server)
        stop(server)
        began = time.time()
        sh(tinhso, "seed-demo", "--dossiers", str(args.dossiers), env=env, stdout=subprocess.DEVNULL)
        print(f"  {args.dossiers:,} dossiers generated and stored in {time.time() - began:.0f} s", flush=True)
        # Last month's automatic analysis, which a new database's server would otherwise run two minutes after its
        # start, in the middle of the measurements (once: later starts find it done).
        sh(tinhso, "analyse", env=env, stdout=subprocess.DEVNULL)
        open(database + ".ready", "w").close()

    # A build newer than the database's preparation may bring migrations (`serve` does not apply them).
    sh(tinhso, "migrate", "--yes", env=env, stdout=subprocess.DEVNULL)
    settle_reports(database, args.reports)
    with sqlite3.connect(database) as db:
        dossiers = db.execute("SELECT count(*) FROM dossiers").fetchone()[0]
        pairs = db.execute("SELECT code, applicant_phone FROM dossiers ORDER BY random() LIMIT 2000").fetchall()
    lookups = os.path.join(work, "lookups.txt")
    with open(lookups, "w") as f:
        f.writelines(f"{code} {urllib.parse.quote(phone)}\n" for code, phone in pairs)

    # Cold start: exec to the first 200 from /readyz (the database is migrated; no demo preparation).
    starts = []
    for _ in range(5):
        began = time.time()
        server = start(tinhso, SERVE + ["--port", str(args.port)], env, log)
        starts.append(wait_ready(base + "/readyz", server) - began)
        stop(server)
    server = start(tinhso, SERVE + ["--port", str(args.port)], env, log)
    started = time.time()
    hello = start(bench, ["hello", str(args.hello_port)], env, log)
    try:
        wait_ready(base + "/readyz", server)
        wait_ready(f"http://127.0.0.1:{args.hello_port}/hello", hello)
        time.sleep(5)
        idle = rss_mb(server.pid)
        # Measure past the start-up jobs (open data from 20 s after start, alerts at 30 s): on a million dossiers
        # they keep SQLite busy for seconds, which a province sees hourly, not at every request.
        # The last row below measures reports during the publication.
        wait_quiet(server.pid, started)
        after_jobs = rss_mb(server.pid)

        def post(path, body, headers=None):
            request = urllib.request.Request(base + path, data=body, headers=headers or {}, method="POST")
            with urllib.request.urlopen(request) as r:
                return r.read()

        token = json.loads(post("/api/v1/auth/tokens", json.dumps(
            {"username": "demo.congdan", "password": PASSWORD, "name": "load"}).encode(),
            {"Content-Type": "application/json"}))["token"]
        with urllib.request.urlopen(base + "/api/v1/feedback/categories") as r:
            category = ",".join(c["code"] for c in json.loads(r.read()))
        # Reports spread over Thanh Hóa's communes (centroids from the unit data), in every category.
        points = os.path.join(work, "points.txt")
        with open(os.path.join(ROOT, "Resources", "Data", "admin-units.csv")) as source, open(points, "w") as f:
            for row in csv.DictReader(line for line in source if not line.startswith("#")):
                if row["tree"] == "2025" and row["parent_code"] == "38" and row["lat"]:
                    f.write(f"{row['lat']} {row['lon']}\n")
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(base + "/login").read().decode()
        csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
        opener.open(base + "/login", urllib.parse.urlencode(
            {"_csrf": csrf, "username": "demo.ioc", "password": PASSWORD}).encode())
        cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
        # Signed in: the dashboard answers itself instead of redirecting to the login page.
        if urllib.parse.urlparse(opener.open(base + "/ioc").geturl()).path != "/ioc":
            raise SystemExit("could not sign in as demo.ioc for the dashboard measurement")

        scripts = os.path.join(ROOT, "bench", "wrk")
        wrk_env = dict(os.environ, TOKEN=token, CATEGORIES=category, LOOKUPS=lookups, POINTS=points)
        rows = []
        ceiling, ceiling_p99, _, _ = wrk(f"http://127.0.0.1:{args.hello_port}/hello", args.seconds, args.connections)
        rows.append(("bare Vapor GET /hello (same build)", ceiling, ceiling_p99, 0))
        # The dashboard last: its slow renders would still be running into the next measurement.
        for name, url, script, headers in [
            ("GET /api/v1/public/dossiers/{code}?phone=", base, "lookup.lua", ()),
            ("POST /api/v1/feedback (citizen report), SQLite synchronous=FULL", base, "feedback.lua", ()),
            ("GET /ioc (dashboard page, signed in)", base + "/ioc", None, (f"Cookie: {cookie}",)),
        ]:
            rps, p99, errors, _ = wrk(url, args.seconds, args.connections,
                                      os.path.join(scripts, script) if script else None, headers, wrk_env)
            rows.append((name, rps, p99, errors))
        busy = rss_mb(server.pid)
        stop(server)
        # The same POST with commits synced at checkpoints only (survives a process crash, not a power cut).
        server = start(tinhso, SERVE + ["--port", str(args.port)], dict(env, TINHSO_SQLITE_SYNCHRONOUS="normal"), log)
        started = time.time()
        wait_ready(base + "/readyz", server)
        # Past the start-up jobs, as the first server was by now.
        wait_quiet(server.pid, started)
        rps, p99, errors, _ = wrk(base, args.seconds, args.connections, os.path.join(scripts, "feedback.lua"), (),
                                  wrk_env)
        rows.insert(3, ("POST /api/v1/feedback (citizen report), SQLite synchronous=NORMAL", rps, p99, errors))
        stop(server)
        # Reports while the hourly open-data publication runs (it starts 20 s after start; no warm-up).
        server = start(tinhso, SERVE + ["--port", str(args.port)], env, log)
        wait_ready(base + "/readyz", server)
        time.sleep(21)
        rps, p99, errors, _ = wrk(base, args.seconds, args.connections, os.path.join(scripts, "feedback.lua"), (),
                                  wrk_env, warmup=0)
        rows.append(("POST /api/v1/feedback while the open-data publication runs (FULL)", rps, p99, errors))
    finally:
        stop(server)
        stop(hello)

    print(f"\n{dossiers:,} dossiers in the database; wrk -t2 -c{args.connections} -d{args.seconds}s, "
          f"server and wrk on this machine ({os.cpu_count()} cores)\n")
    print("| request | req/s | p99 (ms) | non-2xx | ÷ bare route |")
    print("|---|---:|---:|---:|---:|")
    for name, rps, p99, errors in rows:
        print(f"| {name} | {rps:,.0f} | {p99:.1f} | {errors} | {rps / ceiling:.2f} |")
    print(f"\ncold start (exec → /readyz 200), median of 5: {statistics.median(starts) * 1000:.0f} ms "
          f"(all: {', '.join(f'{s * 1000:.0f}' for s in starts)} ms)")
    print(f"RSS: idle {idle:.0f} MB after start; {after_jobs:.0f} MB after the start-up jobs; "
          f"{busy:.0f} MB after the load")


if __name__ == "__main__":
    sys.exit(main())
