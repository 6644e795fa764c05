#!/usr/bin/env python3
"""The peer for `tinhso-bench addresses`: shapely 2 STRtree `nearest` over the same object points and query points
(little-endian float64 lon, lat pairs, written by the Swift side). Writes one int32 per query (the nearest object's
index) and prints "seconds S VERSION". shapely measures planar distance in degrees; the Swift side measures metres
on the query's local plane, so a few answers may differ where two objects are almost equally near."""
import subprocess
import sys
import time

try:
    import numpy as np
    import shapely
except ImportError:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "shapely>=2,<3", "numpy"], check=True)
    import numpy as np
    import shapely


def main():
    objects_path, queries_path, output_path = sys.argv[1:4]
    objects = shapely.points(np.fromfile(objects_path, dtype="<f8").reshape(-1, 2))
    coordinates = np.fromfile(queries_path, dtype="<f8").reshape(-1, 2)
    start = time.perf_counter()
    tree = shapely.STRtree(objects)
    queries = shapely.points(coordinates)
    answers = tree.nearest(queries).astype("<i4")
    elapsed = time.perf_counter() - start
    answers.tofile(output_path)
    print(f"seconds {elapsed} {shapely.__version__}")


if __name__ == "__main__":
    main()
