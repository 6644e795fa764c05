#!/usr/bin/env python3
"""The Python peer for `tinhso-bench calendar`: python-holidays plus a day-by-day loop, the way a Vietnamese
developer would compute "n working days after a date". Same inputs as the Swift side (SplitMix64, same seed).
Prints "seconds S" then one Julian Day Number per case."""
import datetime
import subprocess
import sys
import time

try:
    import holidays
except ImportError:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "holidays==0.109"], check=True)
    import holidays

MASK = (1 << 64) - 1


def splitmix64(state):
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield z ^ (z >> 31)


def main():
    count, seed = int(sys.argv[1]), int(sys.argv[2])
    first = datetime.date(2025, 1, 1)
    span = 3 * 365
    rng = splitmix64(seed)
    cases = []
    for _ in range(count):
        day = first + datetime.timedelta(days=next(rng) % span)
        next(rng)  # second of day (the peer works in whole days)
        cases.append((day, next(rng) % 60 + 1))
    vn = holidays.VN(years=range(2025, 2030))
    one = datetime.timedelta(days=1)

    def add_working_days(day, n):
        while n > 0:
            day += one
            if day.weekday() < 5 and day not in vn:
                n -= 1
        return day

    start = time.perf_counter()
    results = [add_working_days(day, n) for day, n in cases]
    elapsed = time.perf_counter() - start
    print(f"seconds {elapsed}")
    print("\n".join(str(d.toordinal() + 1721425) for d in results))


if __name__ == "__main__":
    main()
