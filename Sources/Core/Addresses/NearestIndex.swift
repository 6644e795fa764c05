import Foundation

/// k-nearest points within a radius, over a uniform grid (reverse geocoding: a tapped or reported position → the
/// nearest addressed objects). Points are bucketed into cells of about `targetPerCell` points each, stored cell by
/// cell in one array (compressed rows), and a query walks square rings of cells outwards from its own cell until
/// the ring is farther away than the k-th best distance found (or the radius). Distances are metres on the local
/// equirectangular plane of the query point (accurate to well under 0.1 % within a few kilometres); ties go to the
/// point added first, so answers equal a brute-force scan's exactly.
public struct NearestIndex: Sendable {
    public struct Hit: Hashable, Sendable {
        /// The position of the point in the array the index was built from.
        public let index: Int
        public let metres: Double
    }

    static let metresPerDegree = 6_371_008.8 * Double.pi / 180

    let latitudes: [Double]
    let longitudes: [Double]
    let minLatitude: Double
    let minLongitude: Double
    let cellDegrees: Double
    let columns: Int
    let rows: Int
    /// Cell `c` holds `order[start[c] ..< start[c + 1]]`.
    let start: [Int32]
    let order: [Int32]
    /// The smallest cos(latitude) over the extent: a ring's lower bound in metres must not overestimate.
    let minCos: Double

    public var count: Int { latitudes.count }

    public init(_ points: [GeoPoint], targetPerCell: Double = 4) {
        latitudes = points.map(\.latitude)
        longitudes = points.map(\.longitude)
        let minLat = latitudes.min() ?? 0
        let maxLat = latitudes.max() ?? 0
        let minLon = longitudes.min() ?? 0
        let maxLon = longitudes.max() ?? 0
        minLatitude = minLat
        minLongitude = minLon
        let area = max((maxLat - minLat) * (maxLon - minLon), 1e-12)
        cellDegrees = max(sqrt(area * targetPerCell / Double(max(points.count, 1))), 1e-5)
        columns = Int((maxLon - minLon) / cellDegrees) + 1
        rows = Int((maxLat - minLat) / cellDegrees) + 1
        minCos = cos(max(abs(minLat), abs(maxLat)) * .pi / 180)
        var counts = [Int32](repeating: 0, count: columns * rows + 1)
        var cells = [Int](repeating: 0, count: points.count)
        for i in points.indices {
            let cell =
                Int((latitudes[i] - minLat) / cellDegrees) * columns + Int((longitudes[i] - minLon) / cellDegrees)
            cells[i] = cell
            counts[cell + 1] += 1
        }
        for c in 1..<counts.count { counts[c] += counts[c - 1] }
        var next = counts
        var order = [Int32](repeating: 0, count: points.count)
        for i in points.indices {
            order[Int(next[cells[i]])] = Int32(i)
            next[cells[i]] += 1
        }
        start = counts
        self.order = order
    }

    /// Metres from `query` to `point` on the query's local plane (the metric of `nearest`).
    public static func metres(from query: GeoPoint, to point: GeoPoint) -> Double {
        let dy = point.latitude - query.latitude
        let dx = (point.longitude - query.longitude) * cos(query.latitude * .pi / 180)
        return (dx * dx + dy * dy).squareRoot() * metresPerDegree
    }

    /// Metres between a query point and indexed point `i`.
    @inline(__always)
    func metres(_ latitude: Double, _ longitude: Double, _ cosine: Double, _ i: Int) -> Double {
        let dy = latitudes[i] - latitude
        let dx = (longitudes[i] - longitude) * cosine
        return (dx * dx + dy * dy).squareRoot() * Self.metresPerDegree
    }

    /// Up to `k` points nearest to `point` and at most `radius` metres away, nearest first.
    public func nearest(to point: GeoPoint, k: Int = 1, within radius: Double = .infinity) -> [Hit] {
        guard k > 0, !latitudes.isEmpty else { return [] }
        let cosine = cos(point.latitude * .pi / 180)
        let column = Int(((point.longitude - minLongitude) / cellDegrees).rounded(.down))
        let row = Int(((point.latitude - minLatitude) / cellDegrees).rounded(.down))
        let ringMetres = cellDegrees * Self.metresPerDegree * min(minCos, cosine) * 0.999
        // How far outside the grid the point is, in rings: rings nearer than that are empty.
        let outside = max(0, -column, column - (columns - 1), -row, row - (rows - 1))
        var best: [Hit] = []
        best.reserveCapacity(k + 1)
        var ring = outside
        let lastRing = outside + max(columns, rows)
        while ring <= lastRing {
            // Every cell of this ring is at least (ring − 1) whole cells away from the query's cell.
            let floor = Double(max(ring - 1, 0)) * ringMetres
            if floor > radius || (best.count == k && floor > best[k - 1].metres) { break }
            visitRing(ring, column, row) { cell in
                for slot in Int(start[cell])..<Int(start[cell + 1]) {
                    let i = Int(order[slot])
                    let d = metres(point.latitude, point.longitude, cosine, i)
                    guard d <= radius else { continue }
                    if best.count == k {
                        let worst = best[k - 1]
                        guard d < worst.metres || (d == worst.metres && i < worst.index) else { continue }
                        best.removeLast()
                    }
                    var at = best.count
                    while at > 0, best[at - 1].metres > d || (best[at - 1].metres == d && best[at - 1].index > i) {
                        at -= 1
                    }
                    best.insert(Hit(index: i, metres: d), at: at)
                }
            }
            ring += 1
        }
        return best
    }

    /// The cells on the square ring `ring` around (column, row) that lie inside the grid.
    @inline(__always)
    func visitRing(_ ring: Int, _ column: Int, _ row: Int, _ body: (Int) -> Void) {
        let r0 = row - ring
        let r1 = row + ring
        let c0 = column - ring
        let c1 = column + ring
        for r in max(r0, 0)...max(min(r1, rows - 1), max(r0, 0)) where r >= 0 && r < rows {
            if r == r0 || r == r1 {
                let low = max(c0, 0)
                let high = min(c1, columns - 1)
                if low <= high { for c in low...high { body(r * columns + c) } }
            } else {
                if c0 >= 0, c0 < columns { body(r * columns + c0) }
                if c1 >= 0, c1 < columns, c1 != c0 { body(r * columns + c1) }
            }
        }
    }

    /// The same answer by scanning every point: the reference the tests compare with.
    public func bruteForce(to point: GeoPoint, k: Int = 1, within radius: Double = .infinity) -> [Hit] {
        let cosine = cos(point.latitude * .pi / 180)
        var all: [Hit] = []
        for i in latitudes.indices {
            let d = metres(point.latitude, point.longitude, cosine, i)
            if d <= radius { all.append(Hit(index: i, metres: d)) }
        }
        all.sort { (a: Hit, b: Hit) -> Bool in a.metres != b.metres ? a.metres < b.metres : a.index < b.index }
        return Array(all.prefix(k))
    }
}
