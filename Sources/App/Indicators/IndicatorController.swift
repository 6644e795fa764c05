import Core
import Fluent
import Foundation
import Vapor

/// `/api/v1/indicators/catalog`, `/api/v1/dataValueSets` (DHIS2 JSON), `/api/v1/dataValues.csv`,
/// `/api/v1/analytics` (DHIS2-shaped, also `.csv`).
struct IndicatorController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("indicators", "catalog", use: catalog)
        routes.on(.PUT, "indicators", "catalog", body: .collect(maxSize: "10mb"), use: saveCatalog)
        routes.on(.POST, "dataValueSets", body: .collect(maxSize: "50mb"), use: importValueSet)
        routes.get("dataValueSets", use: exportValueSet)
        routes.on(.POST, "dataValues.csv", body: .collect(maxSize: "50mb"), use: importCSV)
        routes.get("dataValues.csv", use: exportCSV)
        routes.get("dataSets", use: dataSets)
        routes.put("dataSets", use: saveDataSets)
        routes.get("completeness", use: completeness)
        routes.put("indicators", "targets", use: saveTargets)
        routes.get("indicators", "scorecard", use: scorecard)
        routes.get("analytics", use: AnalyticsController.analytics)
        routes.get("analytics.csv", use: AnalyticsController.analyticsCSV)
    }

    struct CatalogDTO: Content {
        var domains: [IndicatorDomain] = []
        var elements: [DataElement] = []
        var indicators: [Indicator] = []
    }

    @Sendable func catalog(req: Request) async throws -> CatalogDTO {
        let repository = SQLIndicatorRepository(db: req.db)
        return CatalogDTO(
            domains: try await repository.domains() + [AutomaticElement.domain],
            elements: try await repository.elements() + AutomaticElement.allCases.map(\.element),
            indicators: try await repository.indicators() + AutomaticElement.indicators
        )
    }

    /// Adds or replaces catalogue entries (province or system administrators); the whole catalogue must stay
    /// consistent. All or none.
    @Sendable func saveCatalog(req: Request) async throws -> CatalogDTO {
        let principal = try req.principal
        let body = try req.content.decode(CatalogDTO.self)
        _ = try await req.transaction { db in
            try await req.services.indicators(on: db).saveCatalog(
                domains: body.domains,
                elements: body.elements,
                indicators: body.indicators,
                by: principal
            )
        }
        return try await catalog(req: req)
    }

    // MARK: Data sets and completeness

    @Sendable func dataSets(req: Request) async throws -> [DataSet] {
        _ = try req.principal
        return try await SQLIndicatorRepository(db: req.db).dataSets()
    }

    @Sendable func saveDataSets(req: Request) async throws -> [DataSet] {
        let principal = try req.principal
        let sets = try req.content.decode([DataSet].self)
        try await req.transaction { db in try await req.services.indicators(on: db).saveDataSets(sets, by: principal) }
        return try await SQLIndicatorRepository(db: req.db).dataSets()
    }

    /// `?dataSet=bc-thang&period=202609&ou=38`: the units under `ou` that reported on time, late or not at all.
    @Sendable func completeness(req: Request) async throws -> Completeness {
        let unit = try await req.viewableUnit(code: req.queryString("ou") ?? "", parameter: "ou")
        let period = try req.period("period")
        return try await req.services.indicators(on: req.db).completeness(
            dataSet: req.queryString("dataSet") ?? "",
            period: period,
            parent: unit,
            calendar: try await req.services.calendar.calendar(on: req.db)
        )
    }

    // MARK: Targets

    @Sendable func saveTargets(req: Request) async throws -> HTTPStatus {
        let principal = try req.principal
        let targets = try req.content.decode([Target].self)
        try await req.transaction { db in try await req.services.indicators(on: db).saveTargets(targets, by: principal)
        }
        return .noContent
    }

    struct ScorecardDTO: Content {
        let unit: String
        let period: String
        let lines: [ScoreLine]
    }

    /// `?ou=38&pe=2026`: the unit's targets for the period with the actual values and their lights, worst first.
    @Sendable func scorecard(req: Request) async throws -> ScorecardDTO {
        let unit = try await req.viewableUnit(code: req.queryString("ou") ?? "", parameter: "ou")
        let period = try req.period("pe")
        let lines = try await req.services.indicators(on: req.db).scorecard(unit: unit, period: period)
        return ScorecardDTO(unit: unit.code, period: period.description, lines: lines)
    }
}

extension Target: Content {}
extension DataSet: Content {}
extension Completeness: Content {}
extension ScoreLine: Content {}

extension AppServices {
    func indicators(on db: any Database) -> IndicatorService {
        IndicatorService(
            repository: SQLIndicatorRepository(db: db),
            units: units(on: db),
            audit: audit(on: db),
            clock: clock,
            cache: indicatorCatalog,
            automatic: PlatformFigures(db: db)
        )
    }
}
