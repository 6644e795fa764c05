#!/usr/bin/env python3
"""Drive a running TinhSo server with the real PyPI `ckanapi` client (library and command line), as a CKAN portal's
users would: search and page through datasets, dump them, read DataStore rows, download the resources, and check the
CKAN error shapes. Also checks that a data-sharing key opens a shared dataset and that a non-compliant unit's key is
refused.

    scripts/ckanapi-check.py http://127.0.0.1:8080 DEMO_KEY NON_COMPLIANT_KEY

Exits non-zero on the first mismatch.
"""
import csv
import io
import json
import subprocess
import sys
import tempfile
import urllib.request

import ckanapi

base, key, blocked_key = sys.argv[1], sys.argv[2], sys.argv[3]
ckan = ckanapi.RemoteCKAN(base, user_agent="tinhso-ckanapi-check")
checks = 0


def expect(condition, message):
    global checks
    checks += 1
    if not condition:
        sys.exit("FAIL: " + message)


status = ckan.action.status_show()
expect(status["api_version"] == 3, "status_show api_version")

names = ckan.action.package_list()
expect(len(names) >= 5 and "don-vi-hanh-chinh" in names, f"package_list {names}")
expect("trang-thai-ho-so-tthc" not in names, "the shared dataset stays out of the open list")

# Page with start/rows until empty, as `ckanapi search datasets` does: every dataset exactly once.
seen, start = [], 0
while True:
    page = ckan.action.package_search(rows=3, start=start)
    if not page["results"]:
        break
    seen += [d["name"] for d in page["results"]]
    start += len(page["results"])
    expect(start <= len(names), "package_search honours start")
expect(sorted(seen) == sorted(names), f"paging saw {seen}")

found = ckan.action.package_search(q="don vi hanh chinh")
expect(found["results"][0]["name"] == "don-vi-hanh-chinh", "search without diacritics")
tthc = ckan.action.package_search(fq="tags:TTHC", facet_field=json.dumps(["organization", "tags"]))
expect(tthc["count"] >= 2 and all("TTHC" in [t["name"] for t in d["tags"]] for d in tthc["results"]), "fq on tags")
expect(any(i["name"] == "TTHC" for i in tthc["search_facets"]["tags"]["items"]), "facets")

orgs = ckan.action.organization_list()
expect(len(orgs) >= 2, "organization_list")
org = ckan.action.organization_show(id=orgs[-1], include_datasets=True)
expect(org["is_organization"] and "packages" in org, "organization_show")
expect(len(ckan.action.tag_list()) >= 3, "tag_list")

units = ckan.action.package_show(id="don-vi-hanh-chinh")
csv_resource = [r for r in units["resources"] if r["format"] == "CSV"][0]
expect(csv_resource["datastore_active"] and csv_resource["last_modified"], "resource metadata")
expect(ckan.action.resource_show(id=csv_resource["id"])["url"] == csv_resource["url"], "resource_show")

rows = ckan.action.datastore_search(resource_id=csv_resource["id"], filters={"cay": "2025"}, limit=5, offset=5,
                                    sort="ma asc", fields=["ma", "ten", "cap"])
expect(rows["total"] > 3000 and len(rows["records"]) == 5, f"datastore_search total {rows['total']}")
expect([r["ma"] for r in rows["records"]] == sorted(r["ma"] for r in rows["records"]), "sort")
expect(set(rows["records"][0]) == {"ma", "ten", "cap"}, "fields")
hac = ckan.action.datastore_search(resource_id=csv_resource["id"], q="hac thanh")
expect(any(r["ten"] == "Phường Hạc Thành" for r in hac["records"]), "datastore q without diacritics")

with urllib.request.urlopen(csv_resource["url"]) as response:
    text = response.read().decode("utf-8-sig")
downloaded = list(csv.DictReader(io.StringIO(text)))
everything = ckan.action.datastore_search(resource_id=csv_resource["id"], limit=0)
expect(len(downloaded) == everything["total"], f"CSV download has {len(downloaded)} rows")
json_resource = [r for r in units["resources"] if r["format"] == "JSON"][0]
with urllib.request.urlopen(json_resource["url"]) as response:
    expect(len(json.load(response)) == everything["total"], "JSON download")

for call, error in [
    (lambda: ckan.action.datastore_search(resource_id=csv_resource["id"], filters={"mau": "do"}), ckanapi.ValidationError),
    (lambda: ckan.action.datastore_search(resource_id=csv_resource["id"], filters={"cap": "hai"}), ckanapi.ValidationError),
    (lambda: ckan.action.package_show(id="khong-co-bo-nay"), ckanapi.NotFound),
    (lambda: ckan.action.package_search(fq="mau:do"), ckanapi.SearchQueryError),
    (lambda: ckan.action.package_show(id="trang-thai-ho-so-tthc"), ckanapi.NotAuthorized),
    (lambda: ckan.call_action("khong_co_thao_tac"), ckanapi.CKANAPIError),
]:
    try:
        call()
        expect(False, f"expected {error.__name__}")
    except error:
        expect(True, "")

shared = ckanapi.RemoteCKAN(base, apikey=key).action.package_show(id="trang-thai-ho-so-tthc")
expect(shared["private"], "a key with the scope reads the shared dataset")
try:
    ckanapi.RemoteCKAN(base, apikey=blocked_key).action.package_list()
    expect(False, "the non-compliant unit's key is refused")
except ckanapi.NotAuthorized as refused:
    expect("security" in str(refused), f"refusal says why: {refused}")

# The command line: search pages until empty; dump writes one line per dataset, with DataStore fields.
out = subprocess.run(["ckanapi", "search", "datasets", "-r", base, "q=thong ke"], check=True, capture_output=True,
                     timeout=60).stdout.decode().splitlines()
expect(len(out) >= 2 and all(json.loads(line)["name"].startswith("thong-ke") for line in out), f"search cli {out}")
with tempfile.NamedTemporaryFile(suffix=".jsonl") as dump:
    subprocess.run(["ckanapi", "dump", "datasets", "--all", "--datastore-fields", "-q", "-r", base, "-O", dump.name],
                   check=True, timeout=120)
    dumped = [json.loads(line) for line in open(dump.name, encoding="utf-8")]
expect(sorted(d["name"] for d in dumped) == sorted(names), "dump datasets --all")
expect(all(r.get("datastore_fields") for d in dumped for r in d["resources"]), "dump --datastore-fields")
orgs_out = subprocess.run(["ckanapi", "dump", "organizations", "--all", "-q", "-r", base], check=True,
                          capture_output=True, timeout=60).stdout.decode().splitlines()
expect(len(orgs_out) == len(orgs), "dump organizations --all")
print(f"ckanapi {ckanapi.__version__ if hasattr(ckanapi, '__version__') else ''}: {checks} checks passed")
