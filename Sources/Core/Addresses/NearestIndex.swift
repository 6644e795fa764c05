import Foundation

/// k-nearest points within a radius (reverse geocoding: a tapped or reported position → the nearest addressed
/// objects), over a static k-d tree: the points are arranged in one array, each range split at its median along the
/// axis (latitude, or longitude scaled by cos(latitude)) where it spreads more, so a query descends to its own leaf
/// and then visits only the subtrees whose splitting line is nearer than the k-th best distance found. Distances are
/// metres on the local equirectangular plane of the query point (accurate to well under 0.1 % within a few
/// kilometres); ties go to the point added first, so answers equal a brute-force scan's exactly, whatever the
/// density: empty mountains between clustered villages cost nothing.
public struct NearestIndex: Sendable {
    public struct Hit: Hashable, Sendable {
        /// The position of the point in the array the index was built from.
        public let index: Int
        public let metres: Double
    }

    static let metresPerDegree = 6_371_008.8 * Double.pi / 180

    /// Coordinates in tree order, the original position of each, and the axis each node splits on (0 latitude,
    /// 1 longitude); the node of range [lo, hi) sits at (lo + hi) / 2.
    let latitudes: [Double]
    let longitudes: [Double]
    let original: [Int32]
    let axes: [UInt8]

    public var count: Int { latitudes.count }

    public init(_ points: [GeoPoint]) {
        var order = (0..<points.count).map { Int32($0) }
        var axes = [UInt8](repeating: 0, count: points.count)
        let meanLatitude = points.isEmpty ? 0 : points.map(\.latitude).reduce(0, +) / Double(points.count)
        let scale = cos(meanLatitude * .pi / 180)
        var ranges: [(Int, Int)] = [(0, points.count)]
        while let (lo, hi) = ranges.popLast() {
            guard hi - lo > 1 else { continue }
            var (minLat, maxLat, minLon, maxLon) = (
                Double.infinity, -Double.infinity, Double.infinity, -Double.infinity
            )
            for i in lo..<hi {
                let p = points[Int(order[i])]
                minLat = min(minLat, p.latitude)
                maxLat = max(maxLat, p.latitude)
                minLon = min(minLon, p.longitude)
                maxLon = max(maxLon, p.longitude)
            }
            let axis: UInt8 = (maxLon - minLon) * scale > maxLat - minLat ? 1 : 0
            let mid = (lo + hi) / 2
            Self.select(&order, lo, hi, mid) { axis == 0 ? points[Int($0)].latitude : points[Int($0)].longitude }
            axes[mid] = axis
            ranges.append((lo, mid))
            ranges.append((mid + 1, hi))
        }
        latitudes = order.map { points[Int($0)].latitude }
        longitudes = order.map { points[Int($0)].longitude }
        original = order
        self.axes = axes
    }

    /// Rearranges `order[lo..<hi]` so that position `k` holds the element of rank k by `key`, smaller or equal
    /// keys before it and greater or equal after (Hoare's selection with a middle pivot).
    static func select(_ order: inout [Int32], _ lo: Int, _ hi: Int, _ k: Int, key: (Int32) -> Double) {
        var (left, right) = (lo, hi - 1)
        while left < right {
            let pivot = key(order[(left + right) / 2])
            var (i, j) = (left, right)
            while i <= j {
                while key(order[i]) < pivot { i += 1 }
                while key(order[j]) > pivot { j -= 1 }
                if i <= j {
                    order.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j { right = j } else if k >= i { left = i } else { return }
        }
    }

    /// Metres from `query` to `point` on the query's local plane (the metric of `nearest`).
    public static func metres(from query: GeoPoint, to point: GeoPoint) -> Double {
        let dy = point.latitude - query.latitude
        let dx = (point.longitude - query.longitude) * cos(query.latitude * .pi / 180)
        return (dx * dx + dy * dy).squareRoot() * metresPerDegree
    }

    /// Up to `k` points nearest to `point` and at most `radius` metres away, nearest first.
    public func nearest(to point: GeoPoint, k: Int = 1, within radius: Double = .infinity) -> [Hit] {
        guard k > 0, !latitudes.isEmpty else { return [] }
        let cosine = cos(point.latitude * .pi / 180)
        var best: [Hit] = []
        best.reserveCapacity(k + 1)
        // Pending subtrees with how far the query is from their box along each axis, in metres: the box's
        // distance, sqrt(lat² + lon²), is a lower bound for every point in it (Arya and Mount's incremental
        // distance, updated one axis at a time as the search crosses a splitting line).
        var stack: [(lo: Int, hi: Int, lat: Double, lon: Double)] = [(0, latitudes.count, 0, 0)]
        stack.reserveCapacity(64)
        latitudes.withUnsafeBufferPointer { lat in
            longitudes.withUnsafeBufferPointer { lon in
                while let (lo, hi, offLat, offLon) = stack.popLast() {
                    let worst = best.count == k ? best[k - 1].metres : radius
                    guard lo < hi, offLat * offLat + offLon * offLon <= worst * worst else { continue }
                    let mid = (lo + hi) / 2
                    let dy = lat[mid] - point.latitude
                    let dx = (lon[mid] - point.longitude) * cosine
                    let d = (dx * dx + dy * dy).squareRoot() * Self.metresPerDegree
                    if d <= radius { Self.offer(Hit(index: Int(original[mid]), metres: d), to: &best, k: k) }
                    // Signed distance from the query to the splitting line, in metres.
                    let onLatitude = axes[mid] == 0
                    let split = (onLatitude ? dy : dx) * Self.metresPerDegree
                    let near = split > 0 ? (lo, mid) : (mid + 1, hi)
                    let far = split > 0 ? (mid + 1, hi) : (lo, mid)
                    let gap = abs(split)
                    stack.append((far.0, far.1, onLatitude ? gap : offLat, onLatitude ? offLon : gap))
                    stack.append((near.0, near.1, offLat, offLon))
                }
            }
        }
        return best
    }

    /// Keeps the k best hits in order (by distance, then by original position).
    @inline(__always)
    static func offer(_ hit: Hit, to best: inout [Hit], k: Int) {
        if best.count == k {
            let worst = best[k - 1]
            guard hit.metres < worst.metres || (hit.metres == worst.metres && hit.index < worst.index) else { return }
            best.removeLast()
        }
        var at = best.count
        while at > 0,
            best[at - 1].metres > hit.metres || (best[at - 1].metres == hit.metres && best[at - 1].index > hit.index)
        {
            at -= 1
        }
        best.insert(hit, at: at)
    }

    /// The same answer by scanning every point: the reference the tests compare with.
    public func bruteForce(to point: GeoPoint, k: Int = 1, within radius: Double = .infinity) -> [Hit] {
        var all: [Hit] = []
        for i in latitudes.indices {
            let d = Self.metres(from: point, to: GeoPoint(latitude: latitudes[i], longitude: longitudes[i]))
            if d <= radius { all.append(Hit(index: Int(original[i]), metres: d)) }
        }
        all.sort { (a: Hit, b: Hit) -> Bool in a.metres != b.metres ? a.metres < b.metres : a.index < b.index }
        return Array(all.prefix(k))
    }
}
