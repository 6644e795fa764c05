import Fluent
import SQLKit

/// IOC alert rules, alerts, monthly analysis reports and dashboards, each row a JSON document with its lookup keys.
struct CreateIOC: AsyncMigration {
    var name: String { "2026-11-24-create-ioc" }

    func prepare(on database: any Database) async throws {
        try await database.schema("alert_rules").field("id", .uuid, .identifier(auto: false))
            .field("data", .string, .required).create()
        try await database.schema("alerts").field("id", .uuid, .identifier(auto: false))
            .field("rule_id", .uuid, .required).field("unit_code", .string, .required)
            .field("is_open", .bool, .required).field("raised_at", .double, .required)
            .field("data", .string, .required).create()
        try await database.schema("analysis_reports").field("id", .uuid, .identifier(auto: false))
            .field("month", .string, .required).field("province_code", .string, .required)
            .field("data", .string, .required).unique(on: "month", "province_code").create()
        try await database.schema("dashboards").field("id", .uuid, .identifier(auto: false))
            .field("unit_code", .string, .required).field("data", .string, .required).create()
        // The live counters count open dossiers per handling unit (and the overdue by due time) from this index
        // alone, without reading the wide rows.
        try await (database as? any SQLDatabase)?.create(index: "dossiers_status_handling_due").on("dossiers")
            .column("status").column("handling_unit_id").column("due_s").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as? any SQLDatabase)?.drop(index: "dossiers_status_handling_due").run()
        for table in ["dashboards", "analysis_reports", "alerts", "alert_rules"] {
            try await database.schema(table).delete()
        }
    }
}
