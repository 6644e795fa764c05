#!/usr/bin/env python3
"""Drive a running TinhSo server with the real PyPI `open311` client (1.1, 2011), the one most Open311 tooling
copies. The client predates Python 3; this script downloads its sdist and applies the smallest fixes that let it
import and run (relative imports, ElementTree.getchildren, bytes for POST data), without touching what it sends.
Then it makes every call the client offers and checks what it reads back.

    scripts/open311-client-check.py http://127.0.0.1:8080 USERNAME PASSWORD

Exits non-zero on the first mismatch. Needs network access to PyPI (pip download) unless the sdist is cached in
$OPEN311_SDIST_DIR.
"""
import glob
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import urllib.request

# Each fix: file, old text, new text, why. Only these, so the requests are the client's own.
FIXES = [
    ("open311/__init__.py", "from open311 import Open311", "from .open311 import Open311", "circular import"),
    ("open311/open311.py", "from api import API", "from .api import API", "implicit relative import"),
    ("open311/open311.py", "from api.api import", "from .api.api import", "implicit relative import"),
    ("open311/api/__init__.py", "from api import API", "from .api import API", "implicit relative import"),
    ("open311/api/__init__.py", "from api import urlopen", "from .api import urlopen", "implicit relative import"),
    ("open311/api/api.py", "from xml2dict import xml2dict", "from .xml2dict import xml2dict", "implicit relative import"),
    ("open311/api/xml2dict/__init__.py", "from object_dict import", "from .object_dict import", "implicit relative import"),
    ("open311/api/xml2dict/xml2dict.py", "from object_dict import", "from .object_dict import", "implicit relative import"),
    ("open311/api/xml2dict/xml2dict.py", "node.getchildren()", "list(node)", "removed in Python 3.9"),
    ("open311/open311.py", "urlopen(url_path, post_data)", "urlopen(url_path, post_data.encode())", "POST data must be bytes"),
]


def fetch_client(workdir):
    cache = os.environ.get("OPEN311_SDIST_DIR")
    if cache and glob.glob(os.path.join(cache, "open311-1.1.tar.gz")):
        sdist = os.path.join(cache, "open311-1.1.tar.gz")
    else:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
             "--dest", workdir, "open311==1.1"],
            check=True,
        )
        sdist = os.path.join(workdir, "open311-1.1.tar.gz")
    with tarfile.open(sdist) as archive:
        archive.extractall(workdir, filter="data")
    root = os.path.join(workdir, "open311-1.1")
    for path, old, new, why in FIXES:
        full = os.path.join(root, path)
        text = open(full, encoding="utf-8").read()
        if old not in text:
            sys.exit(f"patch no longer applies: {path}: {old!r} ({why})")
        open(full, "w", encoding="utf-8").write(text.replace(old, new))
    sys.path.insert(0, root)
    from open311 import Open311
    return Open311


def api_token(base, username, password):
    request = urllib.request.Request(
        base + "/api/v1/auth/tokens",
        data=json.dumps({"username": username, "password": password}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as response:
        return json.load(response)["token"]


def check(condition, message):
    if not condition:
        sys.exit("FAIL: " + message)
    print("ok  " + message)


def main():
    base, username, password = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
    with tempfile.TemporaryDirectory() as workdir:
        Open311 = fetch_client(workdir)
        key = api_token(base, username, password)
        for fmt in ("xml", "json"):
            client = Open311(endpoint=base + "/open311/v2/", format=fmt, api_key=key)
            # In JSON mode the client still fetches services.xml but parses it as JSON, and reads lists as
            # service_requests.request: service_list, service_requests and request_id_from_token only work in XML.
            if fmt == "xml":
                services = client.service_list()  # always services.xml, jurisdiction_id= empty
                codes = [s["service_code"] for s in (services if isinstance(services, list) else [services])]
                check("giao-thong" in codes, f"[{fmt}] service_list has giao-thong ({len(codes)} services)")
            definition = client.service_definition("giao-thong")  # singular service/ path
            if fmt == "xml":
                attribute = definition["service_definition"]["attributes"]["attribute"]
            else:
                attribute = definition["attributes"][0]
            check(attribute["code"] == "loai-duong", f"[{fmt}] service_definition lists the loai-duong attribute")
            created = client.post_service_request(
                service_code="giao-thong", lat="19.8030", long="105.7890",
                description="Ổ gà trên quốc lộ 1A (gửi qua open311 client)",
                **{"attribute[loai-duong]": "quoc-lo"},
            )
            if fmt == "xml":
                request_id = created["service_requests"]["request"]["service_request_id"]
            else:
                request_id = created[0]["service_request_id"]
            check(request_id.startswith("PA-"), f"[{fmt}] post_service_request created {request_id}")
            one = client.get_service_request(request_id)
            status = one["service_requests"]["request"]["status"] if fmt == "xml" else one[0]["status"]
            check(status == "open", f"[{fmt}] get_service_request reads it back as open")
            if fmt == "xml":
                token = client.request_id_from_token(request_id)
                check(token["service_request_id"] == request_id, "[xml] request_id_from_token gives the request id")
                listed = client.service_requests(service_code="giao-thong")
                items = listed if isinstance(listed, list) else [listed]
                check(any(i["service_request_id"] == request_id for i in items), "[xml] service_requests lists it")
    print("open311 client: all calls answered")


if __name__ == "__main__":
    main()
