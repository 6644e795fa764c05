#!/usr/bin/env python3
"""Generate Tests/CoreTests/Fixtures/python-holidays-vn.csv: holidays.VN(years=2000..2060) from the PyPI package
`holidays`, one row per day off (date, name). The Core test compares our calendar with it and explains every
difference. Usage: python3 scripts/holidays-fixture.py   (installs holidays with pip if it is missing)
"""
import subprocess
import sys
from pathlib import Path

VERSION = "0.109"
OUT = Path(__file__).resolve().parent.parent / "Tests" / "CoreTests" / "Fixtures" / "python-holidays-vn.csv"

try:
    import holidays
except ImportError:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"holidays=={VERSION}"], check=True)
    import holidays

days = holidays.VN(years=range(2000, 2061), language="vi")
rows = [f"{day.isoformat()},{name.replace(',', ' ')}" for day, name in sorted(days.items())]
OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(
    f"# holidays {holidays.__version__} holidays.VN(years=2000..2060); regenerate with scripts/holidays-fixture.py\n"
    "date,name\n" + "\n".join(rows) + "\n",
    encoding="utf-8",
)
print(f"wrote {OUT}: {len(rows)} days")
