import Fluent
import SQLKit

/// The indicator catalogue (JSON per entry, an integer number per element) and the data values, keyed by small
/// integers so that 40 million values stay compact: (element, period key, unit number) is the primary key, the
/// table clustered on it (`WITHOUT ROWID` on SQLite).
struct CreateIndicators: AsyncMigration {
    var name: String { "2026-11-24-create-indicators" }

    func prepare(on database: any Database) async throws {
        try await database.schema("indicator_domains").field("code", .string, .identifier(auto: false))
            .field("name", .string, .required).create()
        try await database.schema("indicator_elements").field("seq", .int, .identifier(auto: false))
            .field("code", .string, .required).field("data", .string, .required).unique(on: "code").create()
        try await database.schema("indicators").field("code", .string, .identifier(auto: false))
            .field("data", .string, .required).create()
        try await database.schema("indicator_catalog_versions").field("id", .int, .identifier(auto: false))
            .field("version", .int, .required).create()
        try await database.schema("indicator_targets").field("indicator", .string, .required)
            .field("unit_code", .string, .required).field("period", .string, .required)
            .field("value", .double, .required).field("amber_from", .double)
            .compositeIdentifier(over: "indicator", "unit_code", "period").create()
        try await database.schema("data_sets").field("code", .string, .identifier(auto: false))
            .field("data", .string, .required).create()
        try await database.schema("data_set_reports").field("data_set", .string, .required)
            .field("period", .int, .required).field("unit_id", .uuid, .required)
            .field("first_s", .double, .required).field("last_s", .double, .required)
            .compositeIdentifier(over: "data_set", "period", "unit_id").create()
        try await database.schema("indicator_units").field("seq", .int, .identifier(auto: false))
            .field("unit_id", .uuid, .required).unique(on: "unit_id").create()
        let sql = database as! any SQLDatabase
        let clustered = sql.dialect.name == "sqlite" ? " WITHOUT ROWID" : ""
        try await sql.raw(
            """
            CREATE TABLE data_values (
              element INTEGER NOT NULL, period INTEGER NOT NULL, unit INTEGER NOT NULL,
              value DOUBLE PRECISION NOT NULL, updated_s DOUBLE PRECISION, stored_by TEXT, comment TEXT,
              PRIMARY KEY (element, period, unit))\(unsafeRaw: clustered)
            """
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(table: "data_values").run()
        for table in [
            "indicator_units", "data_set_reports", "data_sets", "indicator_targets", "indicator_catalog_versions",
            "indicators", "indicator_elements",
            "indicator_domains",
        ] {
            try await database.schema(table).delete()
        }
    }
}
