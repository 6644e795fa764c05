import Core
import Fluent
import Foundation
import SQLKit

/// Alert rules, alerts and analysis reports: JSON documents with the keys they are looked up by.
struct SQLIOCRepository: AlertRepository, AnalysisRepository, DashboardRepository {
    let db: any Database
    var sql: any SQLDatabase { db as! any SQLDatabase }

    func documents<T: Decodable>(_ type: T.Type, _ query: SQLQueryString) async throws -> [T] {
        try await sql.raw(query).all().map {
            try JSONText.decode(T.self, try $0.decode(column: "data", as: String.self))
        }
    }

    func rules() async throws -> [AlertRule] {
        try await documents(AlertRule.self, "SELECT data FROM alert_rules").sorted {
            ($0.unitCode, $0.name) < ($1.unitCode, $1.name)
        }
    }

    func save(rule: AlertRule) async throws {
        try await sql.raw(
            """
            INSERT INTO alert_rules (id, data) VALUES (\(bind: rule.id.rawValue), \(bind: try JSONText.encode(rule)))
            ON CONFLICT (id) DO UPDATE SET data = excluded.data
            """
        ).run()
    }

    /// The rule goes; its open alerts close with it (kept, for the record).
    func deleteRule(_ id: AlertRule.ID, at now: Date) async throws {
        try await sql.raw("DELETE FROM alert_rules WHERE id = \(bind: id.rawValue)").run()
        for var alert in try await documents(
            Alert.self,
            "SELECT data FROM alerts WHERE rule_id = \(bind: id.rawValue) AND is_open = \(bind: true)"
        ) {
            alert.clearedAt = now
            try await save(alerts: [alert])
        }
    }

    func alerts(openOnly: Bool, limit: Int) async throws -> [Alert] {
        try await documents(
            Alert.self,
            openOnly
                ? "SELECT data FROM alerts WHERE is_open = \(bind: true) ORDER BY raised_at DESC LIMIT \(bind: limit)"
                : "SELECT data FROM alerts ORDER BY is_open DESC, raised_at DESC LIMIT \(bind: limit)"
        )
    }

    func alert(_ id: Alert.ID) async throws -> Alert? {
        try await documents(Alert.self, "SELECT data FROM alerts WHERE id = \(bind: id.rawValue)").first
    }

    func save(alerts: [Alert]) async throws {
        for a in alerts {
            try await sql.raw(
                """
                INSERT INTO alerts (id, rule_id, unit_code, is_open, raised_at, data)
                VALUES (\(bind: a.id.rawValue), \(bind: a.ruleID.rawValue), \(bind: a.unitCode), \(bind: a.isOpen),
                \(bind: a.raisedAt.timeIntervalSince1970), \(bind: try JSONText.encode(a)))
                ON CONFLICT (id) DO UPDATE SET is_open = excluded.is_open, data = excluded.data
                """
            ).run()
        }
    }

    func reports(provinceCode: String?, limit: Int) async throws -> [AnalysisReport] {
        if let provinceCode {
            return try await documents(
                AnalysisReport.self,
                """
                SELECT data FROM analysis_reports WHERE province_code = \(bind: provinceCode)
                ORDER BY month DESC LIMIT \(bind: limit)
                """
            )
        }
        return try await documents(
            AnalysisReport.self,
            "SELECT data FROM analysis_reports ORDER BY month DESC, province_code LIMIT \(bind: limit)"
        )
    }

    func report(_ id: AnalysisReport.ID) async throws -> AnalysisReport? {
        try await documents(AnalysisReport.self, "SELECT data FROM analysis_reports WHERE id = \(bind: id.rawValue)")
            .first
    }

    func save(_ report: AnalysisReport) async throws {
        try await sql.raw(
            """
            DELETE FROM analysis_reports WHERE month = \(bind: report.month) AND province_code = \(bind: report.provinceCode)
            """
        ).run()
        try await sql.raw(
            """
            INSERT INTO analysis_reports (id, month, province_code, data)
            VALUES (\(bind: report.id.rawValue), \(bind: report.month), \(bind: report.provinceCode),
            \(bind: try JSONText.encode(report)))
            """
        ).run()
    }

    func dashboards() async throws -> [Dashboard] {
        try await documents(Dashboard.self, "SELECT data FROM dashboards").sorted {
            ($0.unitCode, $0.name) < ($1.unitCode, $1.name)
        }
    }

    func dashboard(_ id: Dashboard.ID) async throws -> Dashboard? {
        try await documents(Dashboard.self, "SELECT data FROM dashboards WHERE id = \(bind: id.rawValue)").first
    }

    func save(dashboard d: Dashboard) async throws {
        try await sql.raw(
            """
            INSERT INTO dashboards (id, unit_code, data) VALUES (\(bind: d.id.rawValue), \(bind: d.unitCode),
            \(bind: try JSONText.encode(d))) ON CONFLICT (id) DO UPDATE SET unit_code = excluded.unit_code, data = excluded.data
            """
        ).run()
    }

    func deleteDashboard(_ id: Dashboard.ID) async throws {
        try await sql.raw("DELETE FROM dashboards WHERE id = \(bind: id.rawValue)").run()
    }
}
