import Core
import Foundation
import Testing

@Suite("SVG commune map")
struct SVGMapTests {
    func square(_ lat: Double, _ lon: Double, _ size: Double) -> GeoRing {
        GeoRing([
            GeoPoint(latitude: lat, longitude: lon), GeoPoint(latitude: lat, longitude: lon + size),
            GeoPoint(latitude: lat + size, longitude: lon + size), GeoPoint(latitude: lat + size, longitude: lon),
        ])
    }

    @Test("A tap on the picture maps back to the position drawn there; north is up; shapes keep proportions")
    func projection() {
        let bounds = GeoBounds(minLatitude: 19, maxLatitude: 20, minLongitude: 105, maxLongitude: 106)
        let projection = MapProjection(bounds: bounds, width: 600)
        let point = GeoPoint(latitude: 19.8030, longitude: 105.7890)
        let (x, y) = projection.project(point)
        let back = projection.position(x: x, y: y)
        #expect(abs(back.latitude - point.latitude) < 1e-9 && abs(back.longitude - point.longitude) < 1e-9)
        #expect(projection.project(GeoPoint(latitude: 20, longitude: 105)) == (0, 0))
        // At 19.5° N a degree of longitude is cos(19.5°) ≈ 0.943 of a degree of latitude: the picture is taller.
        #expect(abs(projection.height - (600 / cos(19.5 * .pi / 180)).rounded(.up)) < 1e-9)
    }

    @Test("An area with a hole draws two closed subpaths; vertices closer than the tolerance are dropped")
    func paths() {
        let bounds = GeoBounds(minLatitude: 0, maxLatitude: 4, minLongitude: 0, maxLongitude: 4)
        let projection = MapProjection(bounds: bounds, width: 400)
        let donut = GeoArea([GeoPolygon(outer: square(0, 0, 4), holes: [square(1, 1, 2)])])
        let d = SVGMap.path(of: donut, in: projection)
        #expect(d.components(separatedBy: "M").count - 1 == 2 && d.hasSuffix("Z"))
        let bottom = SVGMap.format(projection.project(GeoPoint(latitude: 0, longitude: 0)).y)
        #expect(d.hasPrefix("M0 \(bottom)L400 \(bottom)L400 0L0 0Z"))
        var dense: [GeoPoint] = []
        for step in 0..<1000 { dense.append(GeoPoint(latitude: 0, longitude: Double(step) * 0.004)) }
        dense += [GeoPoint(latitude: 4, longitude: 4), GeoPoint(latitude: 4, longitude: 0)]
        let thinned = SVGMap.path(of: GeoArea([GeoPolygon(outer: GeoRing(dense))]), in: projection, tolerance: 5)
        #expect(thinned.components(separatedBy: "L").count < 120)
        #expect(SVGMap.format(12.0) == "12" && SVGMap.format(12.34) == "12.3")
    }

    @Test("The router gives back a commune's area by code")
    func areaByCode() {
        let router = GeoRouter(
            areas: [
                ("14797", GeoArea([GeoPolygon(outer: square(19.7, 105.7, 0.1))])),
                ("14758", GeoArea([GeoPolygon(outer: square(19.8, 105.7, 0.1))])),
            ],
            isApproximate: false
        )
        #expect(router.area(of: "14758")?.bounds.minLatitude == 19.8)
        #expect(router.area(of: "14797")?.bounds.minLatitude == 19.7)
        #expect(router.area(of: "99999") == nil)
    }
}
