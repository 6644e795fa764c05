import Core
import Fluent
import Foundation
import SQLKit

/// What the portal publishes beyond the fixed datasets: which indicators, and the publishing organisations.
struct OpenDataSettings: Codable, Sendable, Equatable {
    var indicators: [String] = []
    var organizations: [DataOrganization] = []
}

/// The stored catalogue: one row per dataset (its metadata as JSON) with the name of its current DataStore table.
struct OpenDataCatalog: Sendable {
    struct Entry: Sendable {
        var dataset: Dataset
        var table: String
    }

    let sql: any SQLDatabase

    init(db: any Database) { sql = db as! any SQLDatabase }

    static let settingsKey = "portal"

    func entries() async throws -> [Entry] {
        try await sql.raw("SELECT data, table_name FROM open_datasets ORDER BY name").all().map {
            Entry(
                dataset: try JSONText.decode(Dataset.self, try $0.decode(column: "data", as: String.self)),
                table: try $0.decode(column: "table_name", as: String.self)
            )
        }
    }

    func entry(_ name: String) async throws -> Entry? {
        try await sql.raw("SELECT data, table_name FROM open_datasets WHERE name = \(bind: name)").first().map {
            Entry(
                dataset: try JSONText.decode(Dataset.self, try $0.decode(column: "data", as: String.self)),
                table: try $0.decode(column: "table_name", as: String.self)
            )
        }
    }

    func save(_ entry: Entry) async throws {
        let data = try JSONText.encode(entry.dataset)
        try await sql.raw("DELETE FROM open_datasets WHERE name = \(bind: entry.dataset.name)").run()
        try await sql.raw(
            """
            INSERT INTO open_datasets (name, table_name, is_private, data)
            VALUES (\(bind: entry.dataset.name), \(bind: entry.table), \(bind: entry.dataset.isPrivate), \(bind: data))
            """
        ).run()
    }

    func delete(_ name: String) async throws {
        try await sql.raw("DELETE FROM open_datasets WHERE name = \(bind: name)").run()
    }

    func settings() async throws -> OpenDataSettings {
        guard
            let row = try await sql.raw(
                "SELECT data FROM open_data_settings WHERE province_code = \(bind: Self.settingsKey)"
            ).first()
        else { return OpenDataSettings() }
        return try JSONText.decode(OpenDataSettings.self, try row.decode(column: "data", as: String.self))
    }

    func save(_ settings: OpenDataSettings) async throws {
        try await sql.raw("DELETE FROM open_data_settings WHERE province_code = \(bind: Self.settingsKey)").run()
        try await sql.raw(
            "INSERT INTO open_data_settings (province_code, data) VALUES (\(bind: Self.settingsKey), \(bind: try JSONText.encode(settings)))"
        ).run()
    }
}
