#!/usr/bin/env python3
"""Writes Tests/CoreTests/Fixtures/qr-reference.tsv: QR codes made by python-qrcode (PyPI `qrcode`, BSD) for the
strings TinhSo prints, at level M in byte mode, in the smallest version, once with each of the eight masks. The Swift
encoder must draw the same modules for the same mask. (Which mask is best is not compared: python-qrcode scores the
masks with the format bits left blank, the standard with them drawn.) (segno was tried first: it appends a zero byte after a
byte-aligned terminator, which ISO/IEC 18004 7.4.10 does not ask for, so its modules differ while still decoding.)

    python3 scripts/qr-fixture.py [--out PATH]"""
import subprocess
import sys

try:
    import qrcode
except ImportError:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "qrcode==8.2"], check=True)
    import qrcode
from importlib.metadata import version as package_version

TEXTS = [
    "14797-260921-0001",
    "000.00.38.H56-260921-0007",
    "https://dichvucong.thanhhoa.gov.vn/tra-cuu?ma=38.STP-261123-0042",
    "Hồ sơ 14758-260302-0012 — Đăng ký khai sinh",
    "A",
    "x" * 150,
    "https://tinhso.example.vn/public/dossiers/000.00.38.H56-260921-0007?lookup=1&lang=vi&channel=2&unit=38",
]


def main():
    out = "Tests/CoreTests/Fixtures/qr-reference.tsv"
    if "--out" in sys.argv:
        out = sys.argv[sys.argv.index("--out") + 1]
    lines = [f"# qrcode {package_version('qrcode')}: text, version, mask, rows (1 = dark)"]

    def make(text, mask):
        qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=mask)
        qr.add_data(qrcode.util.QRData(text.encode("utf-8"), mode=qrcode.util.MODE_8BIT_BYTE))
        qr.make(fit=True)
        rows = "/".join("".join("1" if m else "0" for m in row) for row in qr.get_matrix())
        return f"{text}\t{qr.version}\t{mask}\t{rows}"

    lines += [make(text, mask) for text in TEXTS for mask in range(8)]
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
