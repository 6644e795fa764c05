import Core
import Fluent
import Foundation

/// Puts the security registry's figures into the indicator engine: the current month's counts for each unit with
/// systems (`SecurityIndicators`), so the IOC, analytics and a province's DTI framework read them like any indicator.
/// Runs with every registry change (in its transaction) and hourly in `serve`, carrying the figures into each month.
enum SecurityFeed {
    static let storedBy = "security-registry"

    /// `units`: the codes to write (nil: every unit with a system).
    static func refresh(on db: any Database, services: AppServices, units codes: [String]?) async throws {
        let repository = SQLIndicatorRepository(db: db)
        try await repository.ensure(
            domain: SecurityIndicators.domain,
            elements: SecurityIndicators.elements,
            indicators: SecurityIndicators.indicators
        )
        let store = SharingStore(db: db)
        let units = services.units(on: db)
        let now = services.clock.now()
        let month = Period(.monthly, containing: CivilDate(now))
        var targets = codes ?? []
        if codes == nil { targets = Array(Set(try await store.systems(units: nil).map(\.unitCode))).sorted() }
        var values: [StoredValue] = []
        for code in targets {
            guard let unit = try await units.find(UnitKey(tree: .current, code: code)) else { continue }
            let standing = try await store.standing(of: code, units: units)
            values += StoredValue.figures(
                SecurityIndicators.values(standing.report),
                unit: unit.id,
                period: month,
                storedBy: storedBy,
                at: now
            )
        }
        try await repository.upsert(values)
    }
}
