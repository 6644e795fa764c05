#!/usr/bin/env python3
"""Export Vietnam's administrative units into Resources/Data/admin-units.csv.

Source: the PyPI package `vietnamadminunits` (MIT licence), which ships a SQLite
`dataset.db` with the 2025 two-tier tree (34 provinces / 3,321 communes) and the
legacy three-tier tree (63 provinces / 696 districts / communes), plus
`converter_2025.json`, the old -> new mapping used here for merge links.

Usage: python3 scripts/export-units.py [--version 1.0.4]
Installs the package into a temporary directory (pip), reads it, writes the CSV.
Regenerating with the same package version gives a byte-identical file.
"""
import argparse
import csv
import json
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Resources" / "Data" / "admin-units.csv"
COLUMNS = ["tree", "code", "parent_code", "level", "type", "name", "short_name",
           "lat", "lon", "area_km2", "merged_into", "also_into", "aliases"]

# Unit type by the prefix of the official name.
PROVINCE_TYPES = {"Tỉnh": "province", "Thành phố": "municipality"}
DISTRICT_TYPES = {"Quận": "urbanDistrict", "Huyện": "ruralDistrict",
                  "Thị xã": "town", "Thành phố": "provincialCity"}
COMMUNE_TYPES = {"Phường": "ward", "Xã": "commune", "Thị trấn": "townlet", "Đặc khu": "specialZone"}


def install(version: str) -> Path:
    target = Path(tempfile.mkdtemp(prefix="vau-"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(target), f"vietnamadminunits=={version}"], check=True)
    return target / "vietnamadminunits" / "data"


def province_type(name: str) -> str:
    return next(t for p, t in PROVINCE_TYPES.items() if name.startswith(p + " "))


def fmt(x, digits=6):
    return "" if x is None else f"{x:.{digits}f}".rstrip("0").rstrip(".")


def aliases(raw):
    return " ".join(json.loads(raw)) if raw else ""


def export(data: Path):
    db = sqlite3.connect(data / "dataset.db")
    db.row_factory = sqlite3.Row
    conv = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))
    rows = []

    # --- 2025 tree -------------------------------------------------------------------
    new = db.execute("SELECT * FROM admin_units ORDER BY provinceCode, wardCode").fetchall()
    new_province_by_key, new_ward_by_key, province_area = {}, {}, {}
    for r in new:
        new_province_by_key[r["provinceKey"]] = r["provinceCode"]
        new_ward_by_key[(r["provinceKey"], r["wardKey"])] = r["wardCode"]
        province_area[r["provinceCode"]] = province_area.get(r["provinceCode"], 0.0) + (r["wardAreaKm2"] or 0.0)
    seen = set()
    for r in new:
        if r["provinceCode"] not in seen:
            seen.add(r["provinceCode"])
            rows.append(["2025", r["provinceCode"], "", 1, province_type(r["province"]), r["province"],
                         r["provinceShort"], fmt(r["provinceLat"]), fmt(r["provinceLon"]),
                         fmt(province_area[r["provinceCode"]], 2), "", "", aliases(r["provinceAlias"])])
        rows.append(["2025", r["wardCode"], r["provinceCode"], 2, COMMUNE_TYPES[r["wardType"]], r["ward"],
                     r["wardShort"], fmt(r["wardLat"]), fmt(r["wardLon"]), fmt(r["wardAreaKm2"], 2),
                     "", "", aliases(r["wardAlias"])])

    # --- merge links: legacy key triple -> 2025 commune code(s) ------------------------
    old_province_to_new = {old: new_province_by_key[n] for n, olds in conv["DICT_PROVINCE"].items() for old in olds}
    whole = {}  # old triple -> new code (legacy commune wholly inside one new commune)
    for new_pk, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wk, olds in wards.items():
            for old in olds:
                whole[old] = new_ward_by_key[(new_pk, new_wk)]
    divided = {}  # old triple -> [default new code, other new codes...]
    for new_pk, olds in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, parts in olds.items():
            codes = [new_ward_by_key[(new_pk, p["newWardKey"])] for p in parts]
            default = [new_ward_by_key[(new_pk, p["newWardKey"])] for p in parts if p["isDefaultNewWard"]]
            divided[old] = default + [c for c in codes if c not in default]

    # --- legacy tree -------------------------------------------------------------------
    legacy = db.execute("SELECT * FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode").fetchall()
    seen_p, seen_d = set(), set()
    for r in legacy:
        triple = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}"
        targets = [whole[triple]] if triple in whole else divided.get(triple, [])
        if r["provinceCode"] not in seen_p:
            seen_p.add(r["provinceCode"])
            rows.append(["legacy", r["provinceCode"], "", 1, province_type(r["province"]), r["province"],
                         r["provinceShort"], fmt(r["provinceLat"]), fmt(r["provinceLon"]), "",
                         old_province_to_new[r["provinceKey"]], "", aliases(r["provinceAlias"])])
        if r["districtCode"] not in seen_d:
            seen_d.add(r["districtCode"])
            # An island district without communes (Bạch Long Vĩ, Côn Đảo, ...) became a special zone.
            island_target = targets[0] if not r["wardCode"] and targets else ""
            rows.append(["legacy", r["districtCode"], r["provinceCode"], 2, DISTRICT_TYPES[r["districtType"]],
                         r["district"], r["districtShort"], fmt(r["districtLat"]), fmt(r["districtLon"]), "",
                         island_target, "", aliases(r["districtAlias"])])
        if r["wardCode"]:
            rows.append(["legacy", r["wardCode"], r["districtCode"], 3, COMMUNE_TYPES[r["wardType"]], r["ward"],
                         r["wardShort"], fmt(r["wardLat"]), fmt(r["wardLon"]), "",
                         targets[0] if targets else "", " ".join(targets[1:]), aliases(r["wardAlias"])])
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--version", default="1.0.4")
    ap.add_argument("--data-dir", help="use an already unpacked vietnamadminunits/data folder")
    ap.add_argument("--out", default=str(OUT), help="where to write the CSV (default Resources/Data/admin-units.csv)")
    args = ap.parse_args()
    out = Path(args.out)
    data = Path(args.data_dir) if args.data_dir else install(args.version)
    rows = export(data)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as f:
        f.write(f"# source: vietnamadminunits {args.version} (PyPI, MIT licence); regenerate with scripts/export-units.py\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        w.writerows(rows)
    counts = {}
    for r in rows:
        counts[(r[0], r[3])] = counts.get((r[0], r[3]), 0) + 1
    linked = sum(1 for r in rows if r[0] == "legacy" and r[3] == 3 and r[10])
    print(f"wrote {out}: {len(rows)} units; by (tree, level): {sorted(counts.items())}; "
          f"legacy communes with a merge link: {linked}")


if __name__ == "__main__":
    main()
