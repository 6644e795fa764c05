import Fluent
import SQLKit

struct CreateAuditLog: AsyncMigration {
    var name: String { "2026-11-23-create-audit-log" }

    func prepare(on database: any Database) async throws {
        // No foreign keys: the log outlives what it describes and is never rewritten.
        try await database.schema("audit_log")
            // managed fields
            .id()
            .field("at", .datetime, .required)
            // data fields
            .field("actor_name", .string, .required)
            .field("action", .string, .required)
            .field("entity_type", .string, .required)
            .field("entity_id", .string, .required)
            .field("before_json", .string)
            .field("after_json", .string)
            // reference fields
            .field("actor_id", .uuid)
            .field("unit_id", .uuid)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "audit_log_at").on("audit_log").column("at").run()
        try await sql.create(index: "audit_log_unit_id").on("audit_log").column("unit_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_log").delete()
    }
}
