#!/usr/bin/env python3
"""Generate Tests/CoreTests/Fixtures/vnlunar-month-starts.csv from the PyPI package `vnlunar` (time zone 7).

One row per lunar month from 1900 to 2100: the solar date of its first day, the lunar year, month and leap flag.
Every day's lunar date follows from these rows, so the test can compare all 73,414 days with a 60 KB fixture.
Usage: python3 scripts/lunar-fixture.py   (installs vnlunar with pip if it is missing)
"""
import datetime
import subprocess
import sys
from pathlib import Path

VERSION = "1.0.5"
OUT = Path(__file__).resolve().parent.parent / "Tests" / "CoreTests" / "Fixtures" / "vnlunar-month-starts.csv"

try:
    import vnlunar
except ImportError:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", f"vnlunar=={VERSION}"], check=True)
    import vnlunar

day = datetime.date(1900, 1, 1)
end = datetime.date(2100, 12, 31)
rows = []
while day <= end:
    lunar = vnlunar.convert_solar_to_lunar(day.day, day.month, day.year, 7)
    if lunar["day"] == 1 or not rows:
        rows.append(f"{day:%Y%m%d},{lunar['year']},{lunar['month']},{lunar['leap']},{lunar['day']}")
    day += datetime.timedelta(days=1)

OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(
    f"# vnlunar {getattr(vnlunar, '__version__', VERSION)} convert_solar_to_lunar(time_zone=7); regenerate with scripts/lunar-fixture.py\n"
    "solar,lunar_year,lunar_month,leap,lunar_day\n" + "\n".join(rows) + "\n",
    encoding="utf-8",
)
print(f"wrote {OUT}: {len(rows)} month starts")
