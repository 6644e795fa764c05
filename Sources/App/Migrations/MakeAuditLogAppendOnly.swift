import Fluent
import SQLKit

/// Refuses UPDATE and DELETE on the audit log in the database itself, so not even a bug in the App can rewrite
/// history. The trigger syntax differs, so each dialect gets its own statement.
struct MakeAuditLogAppendOnly: AsyncMigration {
    var name: String { "2026-11-23-make-audit-log-append-only" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if sql.dialect.name == "sqlite" {
            for operation in ["UPDATE", "DELETE"] {
                try await sql.raw(
                    """
                    CREATE TRIGGER audit_log_no_\(unsafeRaw: operation.lowercased()) BEFORE \(unsafeRaw: operation) ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END
                    """
                ).run()
            }
        } else {
            try await sql.raw(
                """
                CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
                FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()
                """
            ).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if sql.dialect.name == "sqlite" {
            try await sql.raw("DROP TRIGGER IF EXISTS audit_log_no_update").run()
            try await sql.raw("DROP TRIGGER IF EXISTS audit_log_no_delete").run()
        } else {
            try await sql.raw("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log").run()
            try await sql.raw("DROP FUNCTION IF EXISTS audit_log_append_only()").run()
        }
    }
}
