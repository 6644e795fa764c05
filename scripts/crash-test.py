#!/usr/bin/env python3
"""Crash safety under load (issue 11).

Drives concurrent citizen reports (POST /api/v1/feedback) and dossier filings (POST /api/v1/dossiers), each with
an Idempotency-Key, against one or two `tinhso serve --demo` processes on one database, while killing a server
with SIGKILL at random moments and starting it again. A request that fails (connection refused or reset, a
timeout, a 5xx) is retried with the same key until it gets a 2xx, as a real client would.

Afterwards, reading the database directly:
  * every acknowledged key names exactly one record, and every record of the run was acknowledged (none lost,
    none twice);
  * report and dossier codes are unique, and each desk's dossier numbers for a day run 1..n without a gap;
  * with two servers, each scheduled job was taken by one process only (read from the servers' logs before the
    first kill).

Usage: crash-test.py --binary .build/debug/tinhso [--servers 2] [--seconds 40] [--workers 6]
SQLite unless DATABASE_URL is set (PostgreSQL). Exit status 0 when every check holds.
"""

import argparse
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict

PASSWORD = "tinhso-demo-2026"
DESK = "14797"  # Phường Hạc Thành, where demo.canbo works


class Server:
    """One `serve --demo` process; each start (generation) logs to its own file."""

    def __init__(self, binary, port, env, workdir, index):
        self.binary, self.port, self.env, self.workdir, self.index = binary, port, env, workdir, index
        self.process = None
        self.generation = 0

    def log_path(self, generation):
        return os.path.join(self.workdir, f"server{self.index}-{generation}.log")

    def start(self, wait=240):
        self.generation += 1
        log = open(self.log_path(self.generation), "w")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--demo", "--port", str(self.port)],
            env=self.env, stdout=log, stderr=subprocess.STDOUT,
        )
        deadline = time.time() + wait
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"server {self.index} exited; see {self.log_path(self.generation)}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/readyz", timeout=2) as r:
                    if r.status == 200:
                        return
            except Exception:
                pass
            time.sleep(0.2)
        raise SystemExit(f"server {self.index} not ready after {wait} s")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


def call(port, method, path, body=None, token=None, key=None, timeout=15):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    if key:
        request.add_header("Idempotency-Key", key)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def token(port, username):
    status, body = call(port, "POST", "/api/v1/auth/tokens",
                        {"username": username, "password": PASSWORD, "name": "crash-test"})
    assert status == 201, (status, body)
    return body["token"]


class Load:
    def __init__(self, servers, marker, citizen, officer, procedure, category):
        self.servers, self.marker = servers, marker
        self.citizen, self.officer = citizen, officer
        self.procedure, self.category = procedure, category
        self.acknowledged = {}  # key -> (kind, code)
        self.problems = []
        self.retries = 0
        self.stop = threading.Event()
        self.lock = threading.Lock()

    def body(self, kind, key):
        if kind == "feedback":
            return {
                "category": self.category,
                "description": f"{self.marker} {key}: đèn đường hỏng trước số nhà 12",
                "lat": 19.8076 + random.uniform(-0.004, 0.004),
                "lon": 105.7764 + random.uniform(-0.004, 0.004),
            }
        return {
            "procedureCode": self.procedure["code"],
            "channel": 1,
            "deskCode": DESK,
            "components": [c["name"] for c in self.procedure["components"] if c.get("required", True)],
            "applicant": {
                "name": f"{self.marker} {key}", "idNumber": "038190000001", "phone": "0912345678",
                "email": "", "address": "Số 1 Lê Lợi", "communeCode": DESK,
            },
        }

    def submit(self, kind, key):
        """Until a 2xx: the same key every time, on any server."""
        path = "/api/v1/feedback" if kind == "feedback" else "/api/v1/dossiers"
        user = self.citizen if kind == "feedback" else self.officer
        body = self.body(kind, key)
        while True:
            port = random.choice(self.servers).port
            try:
                status, answer = call(port, "POST", path, body, token=user, key=key)
            except Exception:
                status, answer = None, None
            if status in (200, 201):
                code = answer["feedback"]["code"] if kind == "feedback" else answer["code"]
                with self.lock:
                    self.acknowledged[key] = (kind, code)
                return
            if status is not None and status < 500 and status != 429:
                with self.lock:
                    self.problems.append(f"{kind} {key}: {status} {str(answer)[:300]}")
                return
            with self.lock:
                self.retries += 1
            time.sleep(0.1)

    def worker(self, index):
        n = 0
        while not self.stop.is_set():
            n += 1
            kind = "feedback" if (index + n) % 2 else "dossier"
            self.submit(kind, f"{self.marker}-{index}-{n}")


def rows(sql):
    url = os.environ.get("DATABASE_URL", "").replace("tlsmode=", "sslmode=")  # psql's name for it
    if url:
        out = subprocess.run(["psql", url, "-At", "-F", "\t", "-c", sql], check=True, capture_output=True, text=True)
        return [tuple(line.split("\t")) for line in out.stdout.splitlines() if line]
    with sqlite3.connect(os.environ["TINHSO_SQLITE_PATH"]) as db:
        return [tuple(str(v) for v in row) for row in db.execute(sql)]


def verify(load, servers, first_kill_at):
    failures = list(load.problems)
    marker = load.marker
    feedback = rows(f"SELECT code FROM feedback WHERE description LIKE '{marker} %'")
    dossiers = rows(f"SELECT code FROM dossiers WHERE applicant_name LIKE '{marker} %'")
    stored = {"feedback": [r[0] for r in feedback], "dossier": [r[0] for r in dossiers]}
    for kind, codes in stored.items():
        acknowledged = [code for k, code in load.acknowledged.values() if k == kind]
        if len(set(acknowledged)) != len(acknowledged):
            failures.append(f"{kind}: two keys were acknowledged with one code")
        if len(set(codes)) != len(codes):
            failures.append(f"{kind}: duplicate codes in the database")
        if sorted(codes) != sorted(acknowledged):
            lost = set(acknowledged) - set(codes)
            extra = set(codes) - set(acknowledged)
            failures.append(f"{kind}: {len(lost)} acknowledged but missing, {len(extra)} stored but never "
                            f"acknowledged or stored twice ({sorted(lost)[:3]} {sorted(extra)[:3]})")
    all_feedback = [r[0] for r in rows("SELECT code FROM feedback")]
    if len(set(all_feedback)) != len(all_feedback):
        failures.append("feedback: duplicate codes among all reports")
    # Each desk's numbers for a day: 1..n, no gap, no repeat (code = unit-yyMMdd-nnnn).
    days = {code.rsplit("-", 1)[0] for code in stored["dossier"]}
    for day in sorted(days):
        numbers = sorted(int(r[0].rsplit("-", 1)[1]) for r in rows(f"SELECT code FROM dossiers WHERE code LIKE '{day}-%'"))
        if numbers != list(range(1, len(numbers) + 1)):
            missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
            failures.append(f"dossier numbers of {day} are not 1..{len(numbers)}: missing {missing[:10]}")
    # Scheduled jobs: before the first kill, each job was taken by one process.
    if len(servers) > 1:
        takers = defaultdict(set)
        for server in servers:
            with open(server.log_path(1), errors="replace") as log:
                for line in log:
                    match = re.search(r"Scheduled job (\S+): this process \((\S+)\) holds the lease", line)
                    if match:
                        takers[match.group(1)].add(match.group(2))
        if "webhooks" not in takers:
            failures.append(f"no process took the webhooks lease in the first {first_kill_at:.0f} s")
        for job, holders in takers.items():
            if len(holders) != 1:
                failures.append(f"job {job} ran in {len(holders)} processes at once")
        print(f"  leases before the first kill: " + ", ".join(f"{j} → 1 process" for j in sorted(takers)))
    return failures, {k: len(v) for k, v in stored.items()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--servers", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--workers", type=int, default=6)
    parser.add_argument("--first-kill", type=float, default=15, help="seconds of load before the first kill")
    parser.add_argument("--port", type=int, default=18420)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="tinhso-crash-")
    env = dict(os.environ, TINHSO_BCRYPT_COST="4", TINHSO_UPLOAD_DIR=os.path.join(workdir, "uploads"))
    database = "PostgreSQL" if env.get("DATABASE_URL") else "SQLite (WAL)"
    if not env.get("DATABASE_URL"):
        env.setdefault("TINHSO_SQLITE_PATH", os.path.join(workdir, "crash.sqlite"))
        os.environ["TINHSO_SQLITE_PATH"] = env["TINHSO_SQLITE_PATH"]
    servers = [Server(args.binary, args.port + i, env, workdir, i) for i in range(args.servers)]
    print(f"crash test on {database}: {args.servers} server(s), {args.workers} clients, {args.seconds:.0f} s; "
          f"logs in {workdir}")
    try:
        for server in servers:  # one after the other: the first seeds the demo
            server.start()
        port = servers[0].port
        citizen, officer = token(port, "demo.congdan"), token(port, "demo.canbo")
        status, procedures = call(port, "GET", "/api/v1/procedures")
        procedure = next(p for p in procedures if p["competence"] == "commune")
        status, categories = call(port, "GET", "/api/v1/feedback/categories")
        marker = f"CRASH{int(time.time())}"
        load = Load(servers, marker, citizen, officer, procedure, categories[0]["code"])
        threads = [threading.Thread(target=load.worker, args=(i,), daemon=True) for i in range(args.workers)]
        started = time.time()
        for thread in threads:
            thread.start()
        kills = 0
        time.sleep(args.first_kill)
        first_kill_at = time.time() - started
        while time.time() - started < args.seconds:
            victim = random.choice(servers)
            victim.kill()
            kills += 1
            time.sleep(random.uniform(0, 0.5))
            victim.start()
            time.sleep(random.uniform(1.5, 5))
        load.stop.set()
        for thread in threads:
            thread.join(timeout=120)
        elapsed = time.time() - started
        failures, counts = verify(load, servers, first_kill_at)
        print(f"  {kills} SIGKILLs; {len(load.acknowledged)} submissions acknowledged in {elapsed:.0f} s "
              f"({counts['feedback']} reports, {counts['dossier']} dossiers); {load.retries} retries")
        for failure in failures:
            print(f"  FAIL {failure}")
        if not failures:
            print("  every acknowledged submission exists exactly once; codes unique; dossier numbers gap-free")
        return 1 if failures else 0
    finally:
        for server in servers:
            server.stop()


if __name__ == "__main__":
    sys.exit(main())
