public import Foundation

/// Reads and writes the GeoJSON a provincial GIS office exports: a FeatureCollection of Polygon and MultiPolygon
/// features (with holes), each carrying the commune code in a property.
public enum GeoJSON {
    /// Features as (code, area). `codeProperty` names the property holding the commune code (e.g. `ma_xa`).
    public static func features(from data: Data, codeProperty: String = "code") throws(GeoError) -> [(
        code: String, area: GeoArea
    )] {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw .malformedGeoJSON("not JSON: \(error.localizedDescription)")
        }
        guard let root = object as? [String: Any], root["type"] as? String == "FeatureCollection",
            let features = root["features"] as? [[String: Any]]
        else { throw .malformedGeoJSON("expected a FeatureCollection") }
        var result: [(code: String, area: GeoArea)] = []
        for (index, feature) in features.enumerated() {
            let properties = feature["properties"] as? [String: Any] ?? [:]
            guard
                let code = (properties[codeProperty] as? String) ?? (properties[codeProperty] as? Int).map(String.init)
            else { throw .malformedGeoJSON("feature \(index) has no '\(codeProperty)' property") }
            guard let geometry = feature["geometry"] as? [String: Any], let type = geometry["type"] as? String,
                let coordinates = geometry["coordinates"] as? [Any]
            else { throw .malformedGeoJSON("feature \(index) (\(code)) has no geometry") }
            switch type {
            case "Polygon": result.append((code, GeoArea([try polygon(coordinates, feature: index)])))
            case "MultiPolygon":
                var polygons: [GeoPolygon] = []
                for rings in coordinates { polygons.append(try polygon(rings as? [Any] ?? [], feature: index)) }
                result.append((code, GeoArea(polygons)))
            default: throw .malformedGeoJSON("feature \(index) (\(code)): \(type) is not a Polygon or MultiPolygon")
            }
        }
        return result
    }

    static func polygon(_ rings: [Any], feature: Int) throws(GeoError) -> GeoPolygon {
        var parsed: [GeoRing] = []
        for ring in rings {
            guard let positions = ring as? [[Double]], positions.count >= 4,
                positions.allSatisfy({ $0.count >= 2 && abs($0[1]) <= 90 && abs($0[0]) <= 180 })
            else { throw .malformedGeoJSON("feature \(feature): a ring needs 4 or more [lon, lat] positions") }
            parsed.append(GeoRing(positions.map { GeoPoint(latitude: $0[1], longitude: $0[0]) }))
        }
        guard let outer = parsed.first else { throw .malformedGeoJSON("feature \(feature): empty polygon") }
        return GeoPolygon(outer: outer, holes: Array(parsed.dropFirst()))
    }

    /// A FeatureCollection of the areas, with the code in `code` (what the benchmark hands to shapely).
    public static func featureCollection(_ areas: [(code: String, area: GeoArea)]) -> Data {
        func ring(_ ring: GeoRing) -> [[Double]] {
            let points = ring.points.map { [$0.longitude, $0.latitude] }
            return points + (points.first.map { [$0] } ?? [])
        }
        let features: [[String: Any]] = areas.map { item in
            [
                "type": "Feature", "properties": ["code": item.code],
                "geometry": [
                    "type": "MultiPolygon",
                    "coordinates": item.area.polygons.map { [ring($0.outer)] + $0.holes.map(ring) },
                ] as [String: Any],
            ]
        }
        return (try? JSONSerialization.data(withJSONObject: ["type": "FeatureCollection", "features": features]))
            ?? Data()
    }
}
