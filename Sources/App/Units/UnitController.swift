import Core
import Fluent
import Vapor

/// JSON API of the administrative hierarchy: `/api/v1/units`.
struct UnitController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let units = routes.grouped("units")
        units.get(use: index)
        units.get(":tree", ":code", use: show)
        units.get(":tree", ":code", "children", use: children)
        units.post(":tree", ":code", "agencies", use: createAgency)
    }

    /// Search: `?q=thanh hoa&tree=2025|legacy&date=yyyy-MM-dd&tier=province|district|commune|agency&limit&offset`.
    @Sendable func index(req: Request) async throws -> PageDTO<UnitDTO> {
        let tier = try req.queryString("tier").map { raw in
            guard let tier = UnitTier(rawValue: raw) else {
                throw WebError.invalidParameter(name: "tier", issue: .oneOf(UnitTier.allCases.map(\.rawValue)))
            }
            return tier
        }
        let search = UnitSearch(
            text: req.queryString("q"),
            tree: try req.queryTree(clock: req.services.clock),
            tier: tier,
            page: try req.pageRequest()
        )
        let page = try await req.services.units(on: req.db).search(search)
        return PageDTO(page) { UnitDTO($0) }
    }

    @Sendable func show(req: Request) async throws -> UnitDTO {
        let unit = try await req.services.unitService(on: req.db).unit(try req.unitKey())
        let counts = try await req.services.units(on: req.db).childCounts(of: [unit.id])
        return UnitDTO(unit, counts: counts[unit.id] ?? [:])
    }

    @Sendable func children(req: Request) async throws -> [UnitDTO] {
        let repository = req.services.units(on: req.db)
        let unit = try await req.services.unitService(on: req.db).unit(try req.unitKey())
        return try await repository.children(of: unit.id).map { UnitDTO($0) }
    }

    @Sendable func createAgency(req: Request) async throws -> Response {
        let principal = try req.principal
        let body = try req.content.decode(NewAgencyDTO.self)
        let key = try req.unitKey()
        let agency = try await req.transaction { db in
            let service = req.services.unitService(on: db)
            let parent = try await service.unit(key)
            return try await service.createAgency(
                NewAgency(parentID: parent.id, name: body.name, shortName: body.shortName ?? "", slug: body.slug),
                by: principal
            )
        }
        return try await UnitDTO(agency).encodeResponse(status: .created, for: req)
    }
}
