import Core
import Fluent
import Vapor

/// `GET /api/v1/geo/route?lat=…&lon=…`: the commune (and province) of a location.
struct GeoController {
    struct RouteAnswer: Content {
        let commune: UnitDTO
        let province: UnitDTO?
        /// True when routed through approximate centroid cells (no boundaries loaded).
        let approximate: Bool
    }

    @Sendable static func route(req: Request) async throws -> RouteAnswer {
        guard let latitude = req.query[Double.self, at: "lat"] else {
            throw WebError.invalidParameter(name: "lat", issue: .required)
        }
        guard let longitude = req.query[Double.self, at: "lon"] else {
            throw WebError.invalidParameter(name: "lon", issue: .required)
        }
        let answer = try await req.services.geo.router(on: req.db).route(latitude: latitude, longitude: longitude)
        let units = req.services.units(on: req.db)
        let commune = try await req.services.unitService(on: req.db).unit(UnitKey(tree: .current, code: answer.code))
        let province = try await commune.parentID.asyncMap { try await units.find($0) } ?? nil
        return RouteAnswer(
            commune: UnitDTO(commune),
            province: province.map { UnitDTO($0) },
            approximate: answer.isApproximate
        )
    }
}
