import Fluent
import SQLKit

/// `table_versions`: a counter per group of tables that the server keeps in memory (`TableVersions`), moved by
/// triggers on every insert, update and delete, so that whoever writes (this server, another one, a command, a
/// console) tells every server's copy it is stale. A counter moves to at least the current time in milliseconds,
/// so that one restored from a backup never falls back to a value a server has already seen.
struct CreateTableVersions: AsyncMigration {
    var name: String { "2026-12-07-create-table-versions" }

    /// The groups and their tables.
    static let groups: [(name: String, tables: [String])] = [
        ("accounts", ["api_tokens", "users", "role_grants"]),
        ("units", ["admin_units"]),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE TABLE table_versions (name TEXT PRIMARY KEY, version BIGINT NOT NULL)").run()
        for group in Self.groups {
            try await sql.raw("INSERT INTO table_versions (name, version) VALUES (\(bind: group.name), 1)").run()
        }
        if sql.dialect.name == "sqlite" {
            for group in Self.groups {
                for table in group.tables {
                    for operation in ["INSERT", "UPDATE", "DELETE"] {
                        try await sql.raw(
                            """
                            CREATE TRIGGER \(unsafeRaw: Self.trigger(table, operation)) AFTER \(unsafeRaw: operation) ON \(ident: table)
                            BEGIN UPDATE table_versions SET version = max(version + 1,
                            CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)) WHERE name = '\(unsafeRaw: group.name)'; END
                            """
                        ).run()
                    }
                }
            }
        } else {
            try await sql.raw(
                """
                CREATE FUNCTION table_versions_bump() RETURNS trigger AS $$
                BEGIN
                UPDATE table_versions SET version = GREATEST(version + 1,
                (extract(epoch FROM clock_timestamp()) * 1000)::bigint) WHERE name = TG_ARGV[0];
                RETURN NULL;
                END; $$ LANGUAGE plpgsql
                """
            ).run()
            for group in Self.groups {
                for table in group.tables {
                    try await sql.raw(
                        """
                        CREATE TRIGGER \(unsafeRaw: Self.trigger(table, "change"))
                        AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON \(ident: table)
                        FOR EACH STATEMENT EXECUTE FUNCTION table_versions_bump('\(unsafeRaw: group.name)')
                        """
                    ).run()
                }
            }
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for group in Self.groups {
            for table in group.tables {
                if sql.dialect.name == "sqlite" {
                    for operation in ["INSERT", "UPDATE", "DELETE"] {
                        try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: Self.trigger(table, operation))").run()
                    }
                } else {
                    try await sql.raw(
                        "DROP TRIGGER IF EXISTS \(unsafeRaw: Self.trigger(table, "change")) ON \(ident: table)"
                    ).run()
                }
            }
        }
        if sql.dialect.name != "sqlite" { try await sql.raw("DROP FUNCTION IF EXISTS table_versions_bump()").run() }
        try await sql.raw("DROP TABLE table_versions").run()
    }

    private static func trigger(_ table: String, _ operation: String) -> String {
        "\(table)_version_\(operation.lowercased())"
    }
}
