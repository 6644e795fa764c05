/// A closed ring of points (the last point joins the first; a repeated closing point is dropped).
public struct GeoRing: Hashable, Sendable {
    public let points: [GeoPoint]

    public init(_ points: [GeoPoint]) {
        self.points = points.count > 1 && points.first == points.last ? Array(points.dropLast()) : points
    }

    /// Crossings of a ray from `point` towards +longitude: odd means inside. Edges are half-open in latitude
    /// ([min, max)), so a point on an edge shared by two rings is counted in exactly one of them.
    func crossings(_ point: GeoPoint) -> Int {
        var count = 0
        var previous = points[points.count - 1]
        for current in points {
            if (current.latitude > point.latitude) != (previous.latitude > point.latitude) {
                let t = (point.latitude - current.latitude) / (previous.latitude - current.latitude)
                let x = current.longitude + t * (previous.longitude - current.longitude)
                if point.longitude < x { count += 1 }
            }
            previous = current
        }
        return count
    }
}

/// A polygon with holes.
public struct GeoPolygon: Hashable, Sendable {
    public let outer: GeoRing
    public let holes: [GeoRing]

    public init(outer: GeoRing, holes: [GeoRing] = []) {
        self.outer = outer
        self.holes = holes
    }

    /// Inside the outer ring and outside every hole (even–odd over all rings).
    public func contains(_ point: GeoPoint) -> Bool {
        ([outer] + holes).reduce(0) { $0 + $1.crossings(point) } % 2 == 1
    }
}

/// A commune's area: one or more polygons (GeoJSON Polygon or MultiPolygon).
public struct GeoArea: Hashable, Sendable {
    public let polygons: [GeoPolygon]

    public init(_ polygons: [GeoPolygon]) { self.polygons = polygons }

    public func contains(_ point: GeoPoint) -> Bool { polygons.contains { $0.contains(point) } }

    /// The bounding box (min, max) in degrees.
    public var bounds: GeoBounds {
        let all = polygons.flatMap(\.outer.points)
        return GeoBounds(
            minLatitude: all.map(\.latitude).min() ?? 0,
            maxLatitude: all.map(\.latitude).max() ?? 0,
            minLongitude: all.map(\.longitude).min() ?? 0,
            maxLongitude: all.map(\.longitude).max() ?? 0
        )
    }
}

/// A latitude/longitude box.
public struct GeoBounds: Hashable, Sendable {
    public var minLatitude: Double
    public var maxLatitude: Double
    public var minLongitude: Double
    public var maxLongitude: Double

    public init(minLatitude: Double, maxLatitude: Double, minLongitude: Double, maxLongitude: Double) {
        self.minLatitude = minLatitude
        self.maxLatitude = maxLatitude
        self.minLongitude = minLongitude
        self.maxLongitude = maxLongitude
    }

    /// A generous box around Vietnam's land and near-shore islands (8°–23.5° N, 102°–110° E). The Paracel and
    /// Spratly archipelagos lie outside it and need loaded boundaries to be routed.
    public static let vietnam = GeoBounds(minLatitude: 8.0, maxLatitude: 23.5, minLongitude: 102.0, maxLongitude: 110.0)

    public func contains(_ point: GeoPoint) -> Bool {
        (minLatitude...maxLatitude).contains(point.latitude) && (minLongitude...maxLongitude).contains(point.longitude)
    }
}

/// Everything that can go wrong in geo-routing.
public enum GeoError: Error, Equatable, Sendable {
    /// Latitude outside ±90 or longitude outside ±180, or not a number.
    case invalidCoordinate(latitude: Double, longitude: Double)
    case outsideVietnam(GeoPoint)
    /// Inside Vietnam's box but in no commune (at sea, or across a border).
    case outsideAllCommunes(GeoPoint)
    case malformedGeoJSON(String)
}
