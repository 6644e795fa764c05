import Core
import Fluent
import Foundation
import SQLKit

/// The 766 counts per handling unit, in one pass over the dossiers of a period in the database (SQLite or
/// PostgreSQL). It applies the on-time rule of `OnTimeRule` with the stored first-supplement times: a second request
/// is late anyway, so the first one is all the rule needs. `Index766Tests`' reference is `Index766.collect`; a test
/// checks both give the same counts.
struct Index766SQL {
    let db: any Database

    /// 766 indicator 2.1 over a row of `population`: at most one supplement request, and the end of processing (the
    /// request's date while the applicant is still supplementing) less the supplement's duration, by the appointment.
    static let onTime = """
        supplement_requests <= 1 AND (CASE
          WHEN supplement_requests = 1 AND supplement_requested_s <= end_at
            AND (supplement_resumed_s IS NULL OR supplement_resumed_s > end_at) THEN supplement_requested_s
          WHEN supplement_requests = 1 AND supplement_resumed_s <= end_at
            THEN end_at - (supplement_resumed_s - supplement_requested_s)
          ELSE end_at END) <= appointment_s
        """

    /// The dossiers handled in the period (received by its end, not finished before it began), with the end of
    /// processing as seen at the period's end (`end_at`) and whether they were resolved within it.
    static func population(units: [AdminUnit.ID]?, period: ReportingPeriod) -> SQLQueryString {
        let start = period.startInstant.timeIntervalSince1970
        let end = period.endInstant.timeIntervalSince1970
        var inScope: SQLQueryString = ""
        if let units { inScope = " AND handling_unit_id IN (\(binds: units.map(\.rawValue)))" }
        return """
            (SELECT code, handling_unit_id, supplement_requests, supplement_requested_s, supplement_resumed_s,
                appointment_s, satisfied, received_s, channel, electronic_result, procedure_code, fee_due, paid_online,
                components_digitized, reused_data,
                CASE WHEN ended_s IS NOT NULL AND ended_s <= \(bind: end) THEN ended_s ELSE \(bind: end) END AS end_at,
                (ended_s IS NOT NULL AND ended_s <= \(bind: end) AND end_status IN (9, 10)) AS resolved_in
              FROM dossiers
              WHERE received_s <= \(bind: end) AND appointment_s IS NOT NULL
                AND (ended_s IS NULL OR ended_s >= \(bind: start))\(inScope))
            """
    }

    /// Codes of the late dossiers behind 2.1, for drill-down.
    func lateCodes(units: [AdminUnit.ID], period: ReportingPeriod, limit: Int = 200) async throws -> [String] {
        let sql = db as! any SQLDatabase
        let query: SQLQueryString = """
            SELECT code FROM \(Self.population(units: units, period: period)) x
            WHERE NOT (\(unsafeRaw: Self.onTime)) ORDER BY code LIMIT \(literal: limit)
            """
        return try await sql.raw(query).all().map { try $0.decode(column: "code", as: String.self) }
    }

    func dossierCounts(units: [AdminUnit.ID]?, period: ReportingPeriod) async throws -> [AdminUnit.ID: Index766.Inputs]
    {
        let sql = db as! any SQLDatabase
        let start = period.startInstant.timeIntervalSince1970
        let query: SQLQueryString = """
            SELECT handling_unit_id AS unit, COUNT(*) AS counted,
              SUM(CASE WHEN \(unsafeRaw: Self.onTime) THEN 1 ELSE 0 END) AS on_time,
              SUM(CASE WHEN satisfied = false OR code IN (SELECT dossier_code FROM feedback
                WHERE dossier_code IS NOT NULL) THEN 1 ELSE 0 END) AS unsatisfied,
              SUM(CASE WHEN received_s >= \(bind: start) THEN 1 ELSE 0 END) AS received,
              SUM(CASE WHEN received_s >= \(bind: start) AND channel = 2 AND (electronic_result
                OR procedure_code IN (SELECT code FROM procedures WHERE result_type = 'electronic'))
                THEN 1 ELSE 0 END) AS online,
              SUM(CASE WHEN received_s >= \(bind: start) AND fee_due > 0 THEN 1 ELSE 0 END) AS with_fee,
              SUM(CASE WHEN received_s >= \(bind: start) AND fee_due > 0 AND paid_online THEN 1 ELSE 0 END) AS paid,
              SUM(CASE WHEN resolved_in THEN 1 ELSE 0 END) AS resolved,
              SUM(CASE WHEN resolved_in AND electronic_result THEN 1 ELSE 0 END) AS e_result,
              SUM(CASE WHEN resolved_in AND electronic_result AND components_digitized THEN 1 ELSE 0 END) AS digitized,
              SUM(CASE WHEN resolved_in AND reused_data THEN 1 ELSE 0 END) AS reused
            FROM \(Self.population(units: units, period: period)) x
            GROUP BY handling_unit_id
            """
        var result: [AdminUnit.ID: Index766.Inputs] = [:]
        for row in try await sql.raw(query).all() {
            var x = Index766.Inputs()
            func int(_ column: String) throws -> Int { try row.decode(column: column, as: Int?.self) ?? 0 }
            x.dossiersCounted = try int("counted")
            x.dossiersOnTime = try int("on_time")
            x.dossiersUnsatisfied = try int("unsatisfied")
            x.dossiersReceived = try int("received")
            x.dossiersOnline = try int("online")
            x.dossiersWithFee = try int("with_fee")
            x.dossiersPaidOnline = try int("paid")
            x.dossiersResolved = try int("resolved")
            x.dossiersElectronicResult = try int("e_result")
            x.dossiersDigitized = try int("digitized")
            x.dossiersReusingData = try int("reused")
            result[AdminUnit.ID(rawValue: try row.decode(column: "unit", as: UUID.self))] = x
        }
        return result
    }

    /// Procedures with at least one online dossier received in the period, per handling unit.
    func onlineProcedures(units: [AdminUnit.ID]?, period: ReportingPeriod) async throws -> [AdminUnit.ID: Set<String>] {
        let sql = db as! any SQLDatabase
        var query = sql.select().distinct().column("handling_unit_id").column("procedure_code").from("dossiers")
            .where("channel", .equal, DossierChannel.online.rawValue)
            .where("received_s", .greaterThanOrEqual, period.startInstant.timeIntervalSince1970)
            .where("received_s", .lessThanOrEqual, period.endInstant.timeIntervalSince1970)
        if let units { query = query.where("handling_unit_id", .in, units.map(\.rawValue)) }
        var result: [AdminUnit.ID: Set<String>] = [:]
        for row in try await query.all() {
            let unit = AdminUnit.ID(rawValue: try row.decode(column: "handling_unit_id", as: UUID.self))
            result[unit, default: []].insert(try row.decode(column: "procedure_code", as: String.self))
        }
        return result
    }

    /// Citizen reports submitted in the period, per handling unit (5.2, 5.3): counted in the database, as
    /// `Index766.collect` counts them in memory (overdue: escalated; unsatisfied: more dislikes than likes;
    /// reopened at least once). Reading the reports themselves took hundreds of megabytes for a busy month.
    func feedbackCounts(units: [AdminUnit.ID]?, period: ReportingPeriod) async throws -> [AdminUnit.ID: Index766.Inputs]
    {
        if units?.isEmpty == true { return [:] }
        let sql = db as! any SQLDatabase
        var query = sql.select().column("handling_unit_id")
            .column(SQLRaw("COUNT(*)"), as: "n")
            .column(SQLRaw("SUM(CASE WHEN escalated_at IS NOT NULL THEN 1 ELSE 0 END)"), as: "overdue")
            .column(SQLRaw("SUM(CASE WHEN dislikes > likes THEN 1 ELSE 0 END)"), as: "unsatisfied")
            .column(SQLRaw("SUM(CASE WHEN reopen_count > 0 THEN 1 ELSE 0 END)"), as: "reopened")
            .from(FeedbackSQL.table)
            .where("submitted_at", .greaterThanOrEqual, period.startInstant)
            .where("submitted_at", .lessThanOrEqual, period.endInstant)
        if let units { query = query.where("handling_unit_id", .in, units.map(\.rawValue)) }
        var result: [AdminUnit.ID: Index766.Inputs] = [:]
        for row in try await query.groupBy("handling_unit_id").all() {
            var x = Index766.Inputs()
            x.feedback = try row.decode(column: "n", as: Int.self)
            x.feedbackOverdue = try row.decode(column: "overdue", as: Int.self)
            x.feedbackUnsatisfied = try row.decode(column: "unsatisfied", as: Int.self)
            x.feedbackReopened = try row.decode(column: "reopened", as: Int.self)
            result[AdminUnit.ID(rawValue: try row.decode(column: "handling_unit_id", as: UUID.self))] = x
        }
        return result
    }
}
