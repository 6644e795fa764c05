#!/usr/bin/env python3
"""The peer for `tinhso-bench indicators`: the same synthetic data values, generated in DuckDB by the same integer
formula the Swift side used in SQLite, and the same two queries written as SQL.

    indicator_peer.py ARGS_JSON OUT_JSON

ARGS_JSON: {"elements": 1000, "units": 3321, "formula": "...", "periods": [...], "communes": [...],
"indicator": [e1, e2], "month": key, "runs": 100}. Writes timings and checksums to OUT_JSON."""
import json
import statistics
import subprocess
import sys
import time

try:
    import duckdb
except ImportError:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "duckdb"], check=True)
    import duckdb


def main():
    args = json.load(open(sys.argv[1]))
    con = duckdb.connect()
    periods = ", ".join(f"({p})" for p in args["periods"])
    t0 = time.perf_counter()
    con.execute(
        f"""CREATE TABLE data_values AS
        SELECT e::INTEGER AS element, p::INTEGER AS period, u::INTEGER AS unit, ({args['formula']})::DOUBLE AS value
        FROM range(1, {args['elements']} + 1) el(e), (VALUES {periods}) pe(p), range(1, {args['units']} + 1) un(u)
        ORDER BY element, period, unit"""
    )
    load = time.perf_counter() - t0
    count, total = con.execute("SELECT COUNT(*), SUM(value) FROM data_values").fetchone()

    communes = ", ".join(str(u) for u in args["communes"])
    e1, e2 = args["indicator"]
    # One indicator (numerator e1, denominator e2 + 1, factor 100) for every commune of the province and 12 months.
    query = f"""
        SELECT unit, period,
          SUM(CASE WHEN element = {e1} THEN value END) / (SUM(CASE WHEN element = {e2} THEN value END) + 1) * 100 AS v
        FROM data_values
        WHERE element IN ({e1}, {e2}) AND period IN ({", ".join(str(p) for p in args["periods"])})
          AND unit IN ({communes})
        GROUP BY unit, period"""
    times = []
    rows = []
    for _ in range(args["runs"]):
        t = time.perf_counter()
        rows = con.execute(query).fetchall()
        times.append(time.perf_counter() - t)
    times.sort()
    # Every indicator for the province in one month: each element summed over the communes, then the ratios.
    rollup = f"""
        WITH s AS (SELECT element, SUM(value) AS v FROM data_values
                   WHERE period = {args['month']} AND unit IN ({communes}) GROUP BY element)
        SELECT a.element, a.v / (b.v + 1) * 100 FROM s a JOIN s b ON b.element = a.element % {args['elements']} + 1"""
    best = None
    rolled = []
    for _ in range(3):
        t = time.perf_counter()
        rolled = con.execute(rollup).fetchall()
        best = min(best or 1e9, time.perf_counter() - t)
    json.dump(
        {
            "version": duckdb.__version__,
            "load": load,
            "count": count,
            "sum": total,
            "p50": statistics.median(times),
            "p95": times[int(len(times) * 0.95) - 1],
            "cells": len(rows),
            "checksum": sum(r[2] for r in rows if r[2] is not None),
            "rollup": best,
            "rollup_cells": len(rolled),
            "rollup_checksum": sum(r[1] for r in rolled),
        },
        open(sys.argv[2], "w"),
    )


if __name__ == "__main__":
    main()
