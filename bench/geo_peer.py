#!/usr/bin/env python3
"""The peer for `tinhso-bench geo`: shapely 2 STRtree over the same commune polygons (GeoJSON written by the Swift
side), queried with predicate="within" for the same points (little-endian float64 lon, lat pairs).
Writes one int32 per point (polygon index in file order, -1 for none) and prints "seconds S VERSION"."""
import json
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
    polygons_path, points_path, output_path = sys.argv[1:4]
    with open(polygons_path, encoding="utf-8") as f:
        features = json.load(f)["features"]
    polygons = [shapely.geometry.shape(feature["geometry"]) for feature in features]
    coordinates = np.fromfile(points_path, dtype="<f8").reshape(-1, 2)
    tree = shapely.STRtree(polygons)
    start = time.perf_counter()
    points = shapely.points(coordinates)
    point_index, polygon_index = tree.query(points, predicate="within")
    answers = np.full(len(coordinates), -1, dtype="<i4")
    # Where a point lies in two polygons (only possible on a shared edge) keep the lower index, as the Swift side.
    order = np.lexsort((-polygon_index, point_index))
    answers[point_index[order]] = polygon_index[order]
    elapsed = time.perf_counter() - start
    answers.tofile(output_path)
    print(f"seconds {elapsed} {shapely.__version__}")


if __name__ == "__main__":
    main()
