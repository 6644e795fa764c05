#!/usr/bin/env python3
"""EXPLAIN ANALYZE of the hot paths on PostgreSQL, for docs/performance.md (issue 11).

  DATABASE_URL=postgres://… bench/explain.py [--dossiers 1000000] [--markdown FILE]

Seeds the database (demo data, then N generated dossiers, once: it is skipped when the database already holds
that many), then runs each hot-path query of the application with EXPLAIN (ANALYZE, BUFFERS) on real parameters
taken from the data, and prints the plans with their execution times. Needs a built `tinhso` (release is faster
for the seeding: swift build -c release) and psql.
"""

import argparse
import os
import re
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def psql(sql, url):
    out = subprocess.run(["psql", url, "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql],
                         check=True, capture_output=True, text=True)
    return [line.split("\t") for line in out.stdout.splitlines() if line]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--binary", default=None)
    parser.add_argument("--markdown", default=None)
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    psql_url = url.replace("tlsmode=", "sslmode=")
    binary = args.binary or os.path.join(subprocess.run(
        ["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True, capture_output=True,
        text=True).stdout.strip(), "tinhso")

    have = 0
    try:
        have = int(psql("SELECT count(*) FROM dossiers", psql_url)[0][0])
    except subprocess.CalledProcessError:
        pass
    if have < args.dossiers:
        env = dict(os.environ, TINHSO_BCRYPT_COST="4")
        server = subprocess.Popen([binary, "serve", "--demo", "--port", "18780"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        for _ in range(900):
            try:
                urllib.request.urlopen("http://127.0.0.1:18780/readyz", timeout=1)
                break
            except Exception:
                time.sleep(1)
        server.terminate()
        server.wait()
        began = time.time()
        subprocess.run([binary, "seed-demo", "--dossiers", str(args.dossiers - have)], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        print(f"seeded {args.dossiers - have:,} dossiers in {time.time() - began:.0f} s", file=sys.stderr)
        psql("ANALYZE", psql_url)

    code, unit, phone = psql(
        "SELECT code, handling_unit_id, applicant_phone FROM dossiers ORDER BY code DESC LIMIT 1", psql_url)[0]
    busiest = psql("SELECT handling_unit_id FROM dossiers GROUP BY 1 ORDER BY count(*) DESC LIMIT 1", psql_url)[0][0]
    feedback_unit = psql("SELECT handling_unit_id FROM feedback GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
                         psql_url)[0][0]
    busiest_spot = psql("SELECT category, lat, lon FROM feedback WHERE lat IS NOT NULL "
                        "GROUP BY 1, 2, 3 ORDER BY count(*) DESC LIMIT 1", psql_url)
    category, lat, lon = busiest_spot[0] if busiest_spot else ("giao-thong", "19.8", "105.77")
    lat, lon = float(lat), float(lon)
    token = psql("SELECT token_hash FROM api_tokens LIMIT 1", psql_url)
    token_hash = token[0][0] if token else "x"
    counts = psql("SELECT (SELECT count(*) FROM dossiers), (SELECT count(*) FROM dossier_events), "
                  "(SELECT count(*) FROM feedback)", psql_url)[0]
    now = time.time()
    quarter_start, quarter_end = now - 92 * 86400, now
    running = "2, 4, 6"  # received, processing, awaiting payment (DossierStatus raw values)
    queries = [
        ("The public look-up of a dossier with its procedure's name and history "
         "(GET /api/v1/public/dossiers/{code}, one statement)",
         "SELECT d.code, d.status, d.applicant_name, d.applicant_phone, d.submitted_s, d.received_s, "
         "d.appointment_s, d.due_s, d.ended_s, d.end_status, d.returned_s, d.supplement_requests, d.data, "
         "d.procedure_code, "
         "p.name AS procedure_name, e.at, e.action, e.from_status, e.to_status "
         "FROM dossiers d LEFT JOIN procedures p ON p.code = d.procedure_code "
         f"LEFT JOIN dossier_events e ON e.dossier_id = d.id WHERE d.code = '{code}' ORDER BY e.at"),
        ("A new report's possible duplicates: the newest twenty open reports of its category within 250 m",
         f"SELECT * FROM feedback WHERE id IN (SELECT id FROM feedback WHERE category = '{category}' "
         "AND status IN ('submitted', 'received', 'inProgress', 'awaitingSupplement', 'answered') "
         f"AND lat >= {lat - 0.0027} AND lat <= {lat + 0.0027} AND lon >= {lon - 0.0029} AND lon <= {lon + 0.0029} "
         "ORDER BY submitted_at DESC LIMIT 20) ORDER BY submitted_at DESC"),
        ("The next number of a desk's day (filing; rolled back)",
         "INSERT INTO dossier_sequences (unit_code, day, last) VALUES ('14797', '2026-11-24', 1) "
         "ON CONFLICT (unit_code, day) DO UPDATE SET last = dossier_sequences.last + 1 RETURNING last"),
        ("The busiest unit's open dossiers, soonest due first (an officer's list)",
         f"SELECT code, due_s FROM dossiers WHERE handling_unit_id = '{busiest}' AND status IN ({running}) "
         f"ORDER BY due_s LIMIT 50"),
        ("IOC live counter: open dossiers per handling unit",
         f"SELECT handling_unit_id, COUNT(*) FROM dossiers WHERE status IN ({running}) GROUP BY handling_unit_id"),
        ("IOC live counter: overdue dossiers per handling unit",
         f"SELECT handling_unit_id, COUNT(*) FROM dossiers WHERE status IN ({running}) AND due_s < {now} "
         f"GROUP BY handling_unit_id"),
        ("Deadline reminders: running dossiers due within a working day, not yet reminded",
         f"SELECT code FROM dossiers WHERE status IN ({running}) AND reminded_s IS NULL AND due_s <= {now + 86400} "
         f"ORDER BY code"),
        ("766 index population of one unit for the last quarter",
         f"SELECT COUNT(*), SUM(CASE WHEN ended_s IS NOT NULL AND ended_s <= {quarter_end} THEN 1 ELSE 0 END) "
         f"FROM dossiers WHERE received_s <= {quarter_end} AND appointment_s IS NOT NULL "
         f"AND (ended_s IS NULL OR ended_s >= {quarter_start}) AND handling_unit_id = '{busiest}'"),
        ("A commune's open citizen reports (the officer's inbox)",
         f"SELECT code FROM feedback WHERE handling_unit_id = '{feedback_unit}' "
         f"AND status IN ('submitted', 'received', 'inProgress', 'awaitingSupplement') ORDER BY submitted_at DESC LIMIT 50"),
        ("A bearer token (every API call)",
         f"SELECT * FROM api_tokens WHERE token_hash = '{token_hash}'"),
        ("An idempotency key (every retried POST)",
         "SELECT entity FROM idempotency_keys WHERE scope = 'feedback' "
         "AND actor = '00000000-0000-0000-0000-000000000000' AND key = 'k'"),
    ]
    out = [f"PostgreSQL, {int(counts[0]):,} dossiers, {int(counts[1]):,} dossier events, {int(counts[2]):,} reports.\n"]
    summary = []
    for title, sql in queries:
        wrapped = f"BEGIN; EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {sql}; ROLLBACK;"
        plan = subprocess.run(["psql", psql_url, "-At", "-v", "ON_ERROR_STOP=1", "-c", wrapped],
                              check=True, capture_output=True, text=True).stdout
        plan = "\n".join(line for line in plan.splitlines() if line not in ("BEGIN", "ROLLBACK"))
        took = re.search(r"Execution Time: ([\d.]+) ms", plan)
        summary.append((title, float(took.group(1)) if took else float("nan"), "Index" in plan or "index" in plan))
        out.append(f"#### {title}\n\n```sql\n{sql}\n```\n\n```\n{plan}\n```\n")
    table = ["| hot path | execution (ms) | uses an index |", "|---|---:|---|"]
    table += [f"| {t} | {ms:.3f} | {'yes' if ix else 'no'} |" for t, ms, ix in summary]
    text = "\n".join(table) + "\n\n" + "\n".join(out)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text)
    print(text)


if __name__ == "__main__":
    sys.exit(main())
