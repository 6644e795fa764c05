import Foundation

/// Draws areas as SVG paths in a fixed-width viewport, and maps a point in the picture back to a position (what a
/// tap on the map pin needs). Longitudes are scaled by cos(mid-latitude) so shapes keep their proportions; the
/// small extent of a province makes this equirectangular projection accurate enough for picking a place.
public struct MapProjection: Sendable, Equatable {
    public let bounds: GeoBounds
    public let width: Double
    public let height: Double
    /// Pixels per degree of longitude and of latitude.
    public let scaleX: Double
    public let scaleY: Double

    public init(bounds: GeoBounds, width: Double = 600) {
        self.bounds = bounds
        self.width = width
        let midLatitude = (bounds.minLatitude + bounds.maxLatitude) / 2
        let lonSpan = max(bounds.maxLongitude - bounds.minLongitude, 1e-6)
        let latSpan = max(bounds.maxLatitude - bounds.minLatitude, 1e-6)
        scaleX = width / lonSpan
        scaleY = scaleX / cos(midLatitude * .pi / 180)
        height = (latSpan * scaleY).rounded(.up)
    }

    public func project(_ point: GeoPoint) -> (x: Double, y: Double) {
        ((point.longitude - bounds.minLongitude) * scaleX, (bounds.maxLatitude - point.latitude) * scaleY)
    }

    public func position(x: Double, y: Double) -> GeoPoint {
        GeoPoint(latitude: bounds.maxLatitude - y / scaleY, longitude: bounds.minLongitude + x / scaleX)
    }
}

public enum SVGMap {
    /// The bounds of several areas together.
    public static func bounds(of areas: [GeoArea]) -> GeoBounds? {
        let boxes = areas.map(\.bounds)
        guard let first = boxes.first else { return nil }
        return boxes.dropFirst().reduce(first) { total, box in
            GeoBounds(
                minLatitude: min(total.minLatitude, box.minLatitude),
                maxLatitude: max(total.maxLatitude, box.maxLatitude),
                minLongitude: min(total.minLongitude, box.minLongitude),
                maxLongitude: max(total.maxLongitude, box.maxLongitude)
            )
        }
    }

    /// The path data (`d`) of an area: each ring a closed subpath, holes included (drawn with `fill-rule:
    /// evenodd`). Points closer than `tolerance` pixels to the last kept point are dropped, so a surveyed
    /// boundary with thousands of vertices stays a small picture.
    public static func path(of area: GeoArea, in projection: MapProjection, tolerance: Double = 1) -> String {
        var parts: [String] = []
        for polygon in area.polygons {
            for ring in [polygon.outer] + polygon.holes {
                var kept: [(Double, Double)] = []
                for point in ring.points {
                    let p = projection.project(point)
                    if let last = kept.last, abs(p.x - last.0) < tolerance, abs(p.y - last.1) < tolerance { continue }
                    kept.append((p.x, p.y))
                }
                guard kept.count >= 3 else { continue }
                let coordinates = kept.map { format($0.0) + " " + format($0.1) }
                parts.append("M" + coordinates.joined(separator: "L") + "Z")
            }
        }
        return parts.joined()
    }

    /// One decimal place, no trailing ".0": short, and precise to a tenth of a pixel.
    public static func format(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : String(tenths / 10)
    }
}
