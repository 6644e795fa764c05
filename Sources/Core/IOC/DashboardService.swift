import Foundation

public protocol DashboardRepository: Sendable {
    func dashboards() async throws -> [Dashboard]
    func dashboard(_ id: Dashboard.ID) async throws -> Dashboard?
    func save(dashboard: Dashboard) async throws
    func deleteDashboard(_ id: Dashboard.ID) async throws
}

/// Stored dashboards: kept by whoever configures their unit, checked against the catalogue, audited.
public struct DashboardService: Sendable {
    let repository: any DashboardRepository
    let indicators: IndicatorService
    let units: any UnitRepository
    let audit: any AuditLog
    let clock: Clock

    public init(
        repository: any DashboardRepository,
        indicators: IndicatorService,
        units: any UnitRepository,
        audit: any AuditLog,
        clock: Clock
    ) {
        self.repository = repository
        self.indicators = indicators
        self.units = units
        self.audit = audit
        self.clock = clock
    }

    func authorise(_ unitCode: String, _ actor: Principal) async throws -> AdminUnit {
        try await units.authorised(unitCode, .configure, by: actor)
    }

    public func save(_ dashboard: Dashboard, by actor: Principal) async throws {
        let unit = try await authorise(dashboard.unitCode, actor)
        if let existing = try await repository.dashboard(dashboard.id), existing.unitCode != dashboard.unitCode {
            _ = try await authorise(existing.unitCode, actor)
        }
        let catalog = try await indicators.catalog()
        let known = Set(catalog.indicators.keys).union(catalog.elements.keys)
        try await repository.save(dashboard: try dashboard.validated(knownIndicators: known))
        try await log("dashboard.save", dashboard, unit: unit, actor: actor)
    }

    public func delete(_ id: Dashboard.ID, by actor: Principal) async throws {
        guard let dashboard = try await repository.dashboard(id) else { throw IndicatorError.notFound }
        let unit = try await authorise(dashboard.unitCode, actor)
        try await repository.deleteDashboard(id)
        try await log("dashboard.delete", dashboard, unit: unit, actor: actor)
    }

    func log(_ action: String, _ dashboard: Dashboard, unit: AdminUnit, actor: Principal) async throws {
        try await audit.append(
            AuditEntry(
                at: clock.now(),
                actorID: actor.user.id,
                actorName: actor.user.username,
                action: action,
                entityType: "dashboard",
                entityID: dashboard.id.description,
                unitID: unit.id,
                before: nil,
                after: ["name": dashboard.name, "widgets": String(dashboard.widgets.count)]
            )
        )
    }
}
