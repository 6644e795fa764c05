import Core
import Fluent
import Foundation
import Vapor

/// `/api/v1/opendata/…`: what the province publishes (the indicators), publishing now, and the review of a dataset.
/// Choosing and publishing need `configure` on the home province; every change is audited.
struct OpenDataController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let openData = routes.grouped("opendata")
        openData.get("settings", use: settings)
        openData.put("settings", use: saveSettings)
        openData.post("publish", use: publish)
        openData.post("datasets", ":name", "review", use: review)
    }

    struct SettingsDTO: Content {
        var indicators: [String]
    }

    static func province(_ req: Request) async throws -> (AdminUnit, Principal) {
        try await SharingController.unit(
            req,
            req.services.config.homeProvince ?? DemoData.provinceCode,
            .configure
        )
    }

    @Sendable func settings(req: Request) async throws -> SettingsDTO {
        _ = try IOCController.official(req)
        return SettingsDTO(indicators: try await OpenDataCatalog(db: req.db).settings().indicators)
    }

    @Sendable func saveSettings(req: Request) async throws -> SettingsDTO {
        let (province, principal) = try await Self.province(req)
        let input = try req.content.decode(SettingsDTO.self)
        let catalog = try await req.services.indicators(on: req.db).catalog()
        for code in input.indicators where catalog.indicators[code] == nil {
            throw IndicatorError.invalidField(field: "indicators", issue: .unknownCode(code))
        }
        let chosen = Array(Set(input.indicators)).sorted()
        let now = req.services.clock.now()
        try await req.transaction { db in
            let store = OpenDataCatalog(db: db)
            var settings = try await store.settings()
            let before = settings.indicators
            settings.indicators = chosen
            try await store.save(settings)
            try await req.services.audit(on: db).append(
                AuditEntry(
                    at: now,
                    actorID: principal.user.id,
                    actorName: principal.user.username,
                    action: "opendata.chooseIndicators",
                    entityType: "openDataSettings",
                    entityID: province.code,
                    unitID: province.id,
                    before: ["indicators": before.joined(separator: " ")],
                    after: ["indicators": chosen.joined(separator: " ")]
                )
            )
        }
        return SettingsDTO(indicators: chosen)
    }

    /// Regenerates the catalogue now (it also runs hourly).
    @Sendable func publish(req: Request) async throws -> OpenDataPublisher.Summary {
        let (province, _) = try await Self.province(req)
        return try await OpenDataPublisher.publish(on: req.db, services: req.services, provinceCode: province.code)
    }

    @Sendable func review(req: Request) async throws -> HTTPStatus {
        try await OpenDataPagesController.markReviewed(req, name: req.parameters.get("name") ?? "")
        return .noContent
    }
}
