import Fluent

struct CreateCommuneBoundaries: AsyncMigration {
    var name: String { "2026-11-23-create-commune-boundaries" }

    func prepare(on database: any Database) async throws {
        try await database.schema("commune_boundaries")
            // managed fields
            .id()
            .field("imported_at", .datetime, .required)
            // data fields
            .field("unit_code", .string, .required)
            .field("geojson", .string, .required)
            // constraints
            .unique(on: "unit_code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("commune_boundaries").delete()
    }
}
