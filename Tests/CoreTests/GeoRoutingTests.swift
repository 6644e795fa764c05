import Core
import Foundation
import Testing

@Suite("Geo-routing")
struct GeoRoutingTests {
    func square(_ x: Double, _ y: Double, _ size: Double = 1) -> GeoRing {
        GeoRing([
            GeoPoint(latitude: y, longitude: x), GeoPoint(latitude: y, longitude: x + size),
            GeoPoint(latitude: y + size, longitude: x + size), GeoPoint(latitude: y + size, longitude: x),
            GeoPoint(latitude: y, longitude: x),
        ])
    }

    func point(_ lat: Double, _ lon: Double) -> GeoPoint { GeoPoint(latitude: lat, longitude: lon) }

    @Test("A polygon with a hole excludes the hole; a multipolygon includes each part")
    func holesAndParts() {
        let donut = GeoPolygon(outer: square(0, 0, 4), holes: [square(1, 1, 2)])
        #expect(donut.contains(point(0.5, 0.5)))
        #expect(!donut.contains(point(2, 2)))
        #expect(!donut.contains(point(5, 5)))
        let islands = GeoArea([GeoPolygon(outer: square(0, 0)), GeoPolygon(outer: square(10, 10))])
        #expect(islands.contains(point(10.5, 10.5)) && islands.contains(point(0.5, 0.5)))
        #expect(!islands.contains(point(5, 5)))
    }

    @Test("A point on a shared edge or corner belongs to exactly one of the neighbours")
    func sharedEdges() {
        // A 3×3 grid of unit squares; probe every edge midpoint and every inner corner.
        let cells = (0..<9).map { GeoArea([GeoPolygon(outer: square(Double($0 % 3), Double($0 / 3)))]) }
        let router = GeoRouter(
            areas: cells.enumerated().map { (String(format: "%02d", $0.offset), $0.element) },
            isApproximate: false
        )
        for x in stride(from: 0.5, through: 2.5, by: 0.5) {
            for y in stride(from: 0.5, through: 2.5, by: 0.5) where x == x.rounded() || y == y.rounded() {
                let p = point(y, x)
                #expect(cells.filter { $0.contains(p) }.count == 1, "(\(x), \(y))")
                #expect(router.locate(p) != nil)
            }
        }
    }

    @Test("GeoJSON Polygon and MultiPolygon with holes load; bad documents are refused with a reason")
    func geoJSON() throws {
        let text = """
            {"type":"FeatureCollection","features":[
             {"type":"Feature","properties":{"ma_xa":"14797"},"geometry":{"type":"Polygon","coordinates":[
               [[105.0,19.0],[106.0,19.0],[106.0,20.0],[105.0,20.0],[105.0,19.0]],
               [[105.4,19.4],[105.6,19.4],[105.6,19.6],[105.4,19.6],[105.4,19.4]]]}},
             {"type":"Feature","properties":{"ma_xa":14758},"geometry":{"type":"MultiPolygon","coordinates":[
               [[[105.4,19.4],[105.6,19.4],[105.6,19.6],[105.4,19.6],[105.4,19.4]]],
               [[[107.0,19.0],[107.5,19.0],[107.5,19.5],[107.0,19.0]]]]}}]}
            """
        let features = try GeoJSON.features(from: Data(text.utf8), codeProperty: "ma_xa")
        let router = GeoRouter(areas: features, isApproximate: false)
        #expect(try router.route(latitude: 19.2, longitude: 105.2) == .init(code: "14797", isApproximate: false))
        #expect(try router.route(latitude: 19.5, longitude: 105.5).code == "14758")  // the hole is the other commune
        #expect(try router.route(latitude: 19.1, longitude: 107.3).code == "14758")  // its second part
        #expect(throws: GeoError.outsideAllCommunes(point(21, 105))) { try router.route(latitude: 21, longitude: 105) }
        #expect(throws: GeoError.outsideVietnam(point(35.6, 139.7))) {
            try router.route(latitude: 35.6, longitude: 139.7)
        }
        #expect(throws: GeoError.invalidCoordinate(latitude: 95, longitude: 105)) {
            try router.route(latitude: 95, longitude: 105)
        }
        #expect(throws: GeoError.self) { try GeoJSON.features(from: Data("{\"type\":\"Point\"}".utf8)) }
        #expect(throws: GeoError.self) { try GeoJSON.features(from: Data("not json".utf8)) }
        let roundTrip = try GeoJSON.features(from: GeoJSON.featureCollection(features))
        #expect(roundTrip.map(\.code) == ["14797", "14758"] && roundTrip.map(\.area) == features.map(\.area))
    }

    static let national: (router: GeoRouter, province: [String: String], sites: [CentroidCells.Site]) = {
        let seeds = (try? UnitDataFile.parse(String(contentsOf: UnitDataFileTests.fileURL, encoding: .utf8))) ?? []
        let communes = seeds.filter { $0.tree == .current && $0.type.tier == .commune && $0.centroid != nil }
        let sites = communes.map { CentroidCells.Site(code: $0.code, point: $0.centroid!, areaKm2: $0.areaKm2) }
        let router = GeoRouter(areas: CentroidCells.cells(for: sites), isApproximate: true)
        return (router, Dictionary(uniqueKeysWithValues: communes.map { ($0.code, $0.parentCode ?? "") }), sites)
    }()

    @Test("Without boundaries, centroid cells route every commune's centroid to itself, marked approximate")
    func centroidCells() throws {
        let (router, _, sites) = Self.national
        #expect(router.codes.count == 3_321)
        for site in sites {
            #expect(try router.route(latitude: site.point.latitude, longitude: site.point.longitude).code == site.code)
        }
        #expect(try router.route(latitude: 21.0285, longitude: 105.8542).isApproximate)
    }

    @Test(
        "Known places land in the right province",
        arguments: [
            (21.0285, 105.8542, "01"),  // Hồ Gươm, Hà Nội
            (10.7769, 106.7009, "79"),  // Nhà thờ Đức Bà, TP. Hồ Chí Minh
            (19.8070, 105.7765, "38"),  // Thanh Hóa city centre
            (21.3860, 103.0230, "11"),  // Điện Biên Phủ
        ]
    )
    func provinces(latitude: Double, longitude: Double, province: String) throws {
        let (router, provinceOf, _) = Self.national
        let code = try router.route(latitude: latitude, longitude: longitude).code
        #expect(provinceOf[code] == province)
    }

    @Test("The open sea inside Vietnam's box is in no commune")
    func sea() {
        #expect(throws: GeoError.outsideAllCommunes(point(15.0, 109.9))) {
            try Self.national.router.route(latitude: 15.0, longitude: 109.9)
        }
    }
}
