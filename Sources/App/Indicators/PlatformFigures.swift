import Core
import Fluent

/// The automatic indicator figures from the dossier and feedback tables, with the 766 queries.
struct PlatformFigures: AutomaticFigures {
    let db: any Database

    func inputs(period: ReportingPeriod, units: [AdminUnit.ID]) async throws -> [AdminUnit.ID: Index766.Inputs] {
        let sql = Index766SQL(db: db)
        var result = try await sql.dossierCounts(units: units, period: period)
        for (unit, counts) in try await sql.feedbackCounts(units: units, period: period) {
            result[unit, default: Index766.Inputs()].add(counts)
        }
        return result
    }
}
