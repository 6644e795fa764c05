import Core
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    @Suite("Geo-routing in the product")
    struct GeoTests {
        func code(_ response: TestingHTTPResponse) throws -> String {
            try response.content.get(String.self, at: "error", "code")
        }

        @Test("Without boundaries a location routes approximately to the nearest commune centroid's cell")
        func approximate() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                let response = try await app.testing().sendRequest(.GET, "/api/v1/geo/route?lat=19.8030&lon=105.7890")
                #expect(response.status == .ok)
                #expect(try response.content.get(String.self, at: "commune", "code") == "14797")
                #expect(try response.content.get(String.self, at: "province", "code") == "38")
                #expect(try response.content.get(Bool.self, at: "approximate"))
            }
        }

        @Test(
            "Bad or impossible locations are clear 4xx errors",
            arguments: [
                ("/api/v1/geo/route?lat=abc&lon=105.7", 400, "invalid_parameter"),
                ("/api/v1/geo/route?lat=19.8", 400, "invalid_parameter"),
                ("/api/v1/geo/route?lat=95&lon=105.7", 400, "invalid_coordinate"),
                ("/api/v1/geo/route?lat=35.68&lon=139.76", 422, "outside_vietnam"),
                ("/api/v1/geo/route?lat=15.0&lon=109.9", 422, "outside_communes"),
            ]
        )
        func errors(path: String, status: Int, errorCode: String) async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                let response = try await app.testing().sendRequest(.GET, path)
                #expect(Int(response.status.code) == status)
                #expect(try code(response) == errorCode)
            }
        }

        @Test("Imported boundaries replace the approximate cells; unknown commune codes are refused")
        func importBoundaries() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                // Hàm Rồng's surveyed boundary covers a point whose nearest centroid is Hạc Thành's.
                let geojson = """
                    {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"ma_xa":"14758"},
                    "geometry":{"type":"Polygon","coordinates":[[[105.70,19.78],[105.80,19.78],[105.80,19.90],[105.70,19.90],[105.70,19.78]]]}}]}
                    """
                let count = try await GeoRouterStore.importBoundaries(
                    Data(geojson.utf8),
                    codeProperty: "ma_xa",
                    on: app.db,
                    clock: app.services.clock
                )
                #expect(count == 1)
                try await app.services.geo.rebuild(on: app.db)
                let response = try await app.testing().sendRequest(.GET, "/api/v1/geo/route?lat=19.8030&lon=105.7890")
                #expect(try response.content.get(String.self, at: "commune", "code") == "14758")
                #expect(try !response.content.get(Bool.self, at: "approximate"))
                let outside = try await app.testing().sendRequest(.GET, "/api/v1/geo/route?lat=20.5&lon=104.6")
                #expect(try code(outside) == "outside_communes")
                let unknown = geojson.replacingOccurrences(of: "14758", with: "99999")
                await #expect(throws: GeoError.self) {
                    try await GeoRouterStore.importBoundaries(
                        Data(unknown.utf8),
                        codeProperty: "ma_xa",
                        on: app.db,
                        clock: app.services.clock
                    )
                }
            }
        }
    }
}
