import Foundation

/// Approximate commune areas for an install with no boundaries loaded: the Voronoi cell of each commune centroid
/// (every point is given to the nearest centroid), capped at a few equivalent radii from the centroid so that the
/// sea and foreign land stay outside every commune. Routing through these cells is marked approximate.
public enum CentroidCells {
    public struct Site: Sendable {
        public let code: String
        public let point: GeoPoint
        public let areaKm2: Double?

        public init(code: String, point: GeoPoint, areaKm2: Double?) {
            self.code = code
            self.point = point
            self.areaKm2 = areaKm2
        }
    }

    /// Degrees of longitude are shorter than degrees of latitude; at Vietnam's middle latitude (16° N) by cos 16°.
    static let xScale = cos(16.0 * .pi / 180)
    static let kmPerDegree = 111.32
    static let gridSize = 0.25

    struct Vec {
        var x: Double
        var y: Double
    }

    /// The cells, in the order of `sites`.
    public static func cells(for sites: [Site]) -> [(code: String, area: GeoArea)] {
        let points = sites.map { Vec(x: $0.point.longitude * xScale, y: $0.point.latitude) }
        var grid: [Int64: [Int]] = [:]
        func key(_ cx: Int, _ cy: Int) -> Int64 { Int64(cx) << 32 | Int64(UInt32(bitPattern: Int32(cy))) }
        func cellOf(_ p: Vec) -> (Int, Int) {
            (Int((p.x / gridSize).rounded(.down)), Int((p.y / gridSize).rounded(.down)))
        }
        for (index, point) in points.enumerated() {
            let (cx, cy) = cellOf(point)
            grid[key(cx, cy), default: []].append(index)
        }
        return sites.indices.map { i in
            let site = points[i]
            var polygon = cap(around: site, radiusKm: capRadiusKm(sites[i].areaKm2))
            let (cx, cy) = cellOf(site)
            var ring = 0
            while ring <= 40 {
                for dx in -ring...ring {
                    for dy in -ring...ring where max(abs(dx), abs(dy)) == ring {
                        for j in grid[key(cx + dx, cy + dy)] ?? [] where j != i {
                            polygon = clip(polygon, keepingCloserTo: site, than: points[j])
                        }
                    }
                }
                let reach = polygon.map { hypot($0.x - site.x, $0.y - site.y) }.max() ?? 0
                if Double(ring) * gridSize >= 2 * reach { break }
                ring += 1
            }
            let outer = GeoRing(polygon.map { GeoPoint(latitude: $0.y, longitude: $0.x / xScale) })
            return (sites[i].code, GeoArea([GeoPolygon(outer: outer)]))
        }
    }

    /// How far from its centroid a commune may reach: 2.5 equivalent-circle radii, at least 5 km (10 km when the
    /// area is unknown).
    static func capRadiusKm(_ areaKm2: Double?) -> Double {
        guard let area = areaKm2, area > 0 else { return 10 }
        return max(2.5 * (area / .pi).squareRoot(), 5)
    }

    static func cap(around center: Vec, radiusKm: Double) -> [Vec] {
        let r = radiusKm / kmPerDegree
        return (0..<24).map { k in
            let angle = Double(k) * 2 * .pi / 24
            return Vec(x: center.x + r * cos(angle), y: center.y + r * sin(angle))
        }
    }

    /// Sutherland–Hodgman: keep the part of `polygon` at least as close to `site` as to `other`.
    static func clip(_ polygon: [Vec], keepingCloserTo site: Vec, than other: Vec) -> [Vec] {
        // |x − site|² ≤ |x − other|²  ⇔  a·x ≤ b
        let a = Vec(x: other.x - site.x, y: other.y - site.y)
        let b = (other.x * other.x + other.y * other.y - site.x * site.x - site.y * site.y) / 2
        func value(_ p: Vec) -> Double { a.x * p.x + a.y * p.y - b }
        guard !polygon.isEmpty, polygon.contains(where: { value($0) > 0 }) else { return polygon }
        var output: [Vec] = []
        var previous = polygon[polygon.count - 1]
        for current in polygon {
            let (vp, vc) = (value(previous), value(current))
            if vc <= 0 {
                if vp > 0 { output.append(intersection(previous, current, vp, vc)) }
                output.append(current)
            } else if vp <= 0 {
                output.append(intersection(previous, current, vp, vc))
            }
            previous = current
        }
        return output
    }

    static func intersection(_ p: Vec, _ q: Vec, _ vp: Double, _ vq: Double) -> Vec {
        let t = vp / (vp - vq)
        return Vec(x: p.x + t * (q.x - p.x), y: p.y + t * (q.y - p.y))
    }
}
