#!/usr/bin/env python3
"""The peer for `tinhso-bench dossiers`: the 766 on-time count (indicator 2.1) per handling unit, written as one SQL
query run by DuckDB over the CSV the Swift side exported from the same database.

    dossier_peer.py CSV PERIOD_START_S PERIOD_END_S OUT_JSON

Prints "load S query S VERSION" and writes {unit_code: [counted, on_time]} to OUT_JSON."""
import json
import subprocess
import sys
import time

try:
    import duckdb
except ImportError:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "duckdb"], check=True)
    import duckdb

QUERY = """
SELECT unit_code, COUNT(*) AS counted,
  SUM(CASE WHEN supplement_requests <= 1 AND (CASE
      WHEN supplement_requests = 1 AND supplement_requested_s <= end_at
        AND (supplement_resumed_s IS NULL OR supplement_resumed_s > end_at) THEN supplement_requested_s
      WHEN supplement_requests = 1 AND supplement_resumed_s <= end_at
        THEN end_at - (supplement_resumed_s - supplement_requested_s)
      ELSE end_at END) <= appointment_s THEN 1 ELSE 0 END) AS on_time
FROM (SELECT *, CASE WHEN ended_s IS NOT NULL AND ended_s <= $end THEN ended_s ELSE $end END AS end_at
      FROM dossiers
      WHERE received_s <= $end AND appointment_s IS NOT NULL AND (ended_s IS NULL OR ended_s >= $start))
GROUP BY unit_code
"""


def main():
    csv_path, start, end, out_path = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
    con = duckdb.connect()
    t0 = time.perf_counter()
    con.execute(
        "CREATE TABLE dossiers AS SELECT * FROM read_csv(?, header = true, columns = {"
        "'unit_code': 'VARCHAR', 'received_s': 'DOUBLE', 'ended_s': 'DOUBLE', 'appointment_s': 'DOUBLE',"
        "'supplement_requests': 'INTEGER', 'supplement_requested_s': 'DOUBLE', 'supplement_resumed_s': 'DOUBLE'})",
        [csv_path],
    )
    load = time.perf_counter() - t0
    best = None
    for _ in range(3):
        t0 = time.perf_counter()
        rows = con.execute(QUERY, {"start": start, "end": end}).fetchall()
        elapsed = time.perf_counter() - t0
        best = elapsed if best is None else min(best, elapsed)
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump({code: [counted, on_time] for code, counted, on_time in rows}, f)
    print(f"load {load:.4f} query {best:.4f} {duckdb.__version__}")


if __name__ == "__main__":
    main()
