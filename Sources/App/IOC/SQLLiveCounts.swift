import Core
import Fluent
import Foundation
import SQLKit

/// Live counters from the feedback and dossier tables: one grouped query per counter, then each unit's subtree
/// summed. A report counts for the unit handling it; a dossier for its handling unit.
struct SQLLiveCounts: LiveCounts {
    let db: any Database
    let units: any UnitRepository
    let now: Date

    var sql: any SQLDatabase { db as! any SQLDatabase }

    static let openFeedback = FeedbackStatus.allCases.filter(\.isOpen).map(\.rawValue)
    /// Open dossiers the office still has to act on (a paused one waits for the applicant).
    static let openDossiers: [DossierStatus] = [
        .registered, .received, .processing, .awaitingSupplement, .awaitingPayment, .resolved,
    ]
    static let runningDossiers: [DossierStatus] = [.received, .processing, .awaitingPayment]

    func perHandlingUnit(_ counter: LiveCounter) async throws -> [UUID: Int] {
        let query: SQLQueryString
        switch counter {
        case .openFeedback:
            query = """
                SELECT handling_unit_id AS unit, COUNT(*) AS n FROM feedback
                WHERE status IN (\(binds: Self.openFeedback)) GROUP BY handling_unit_id
                """
        case .overdueFeedback:
            // The deadline check escalates a report as soon as it is overdue, so escalated and open is overdue.
            query = """
                SELECT handling_unit_id AS unit, COUNT(*) AS n FROM feedback
                WHERE status IN (\(binds: Self.openFeedback)) AND escalated_at IS NOT NULL GROUP BY handling_unit_id
                """
        case .openDossiers:
            query = """
                SELECT handling_unit_id AS unit, COUNT(*) AS n FROM dossiers
                WHERE status IN (\(binds: Self.openDossiers.map(\.rawValue))) GROUP BY handling_unit_id
                """
        case .overdueDossiers:
            query = """
                SELECT handling_unit_id AS unit, COUNT(*) AS n FROM dossiers
                WHERE status IN (\(binds: Self.runningDossiers.map(\.rawValue))) AND due_s < \(bind: now.timeIntervalSince1970)
                GROUP BY handling_unit_id
                """
        }
        var out: [UUID: Int] = [:]
        for row in try await sql.raw(query).all() {
            out[try row.decode(column: "unit", as: UUID.self)] = try row.decode(column: "n", as: Int.self)
        }
        return out
    }

    func count(_ counter: LiveCounter, units watched: [AdminUnit]) async throws -> [AdminUnit.ID: Int] {
        let counts = try await perHandlingUnit(counter)
        var out: [AdminUnit.ID: Int] = [:]
        for unit in watched {
            let subtree = try await units.subtree(of: unit.id)
            out[unit.id] = subtree.map { counts[$0.rawValue] ?? 0 }.reduce(0, +)
        }
        return out
    }
}
