import Fluent
import SQLKit

struct CreateAdminUnits: AsyncMigration {
    var name: String { "2026-11-23-create-admin-units" }

    func prepare(on database: any Database) async throws {
        try await database.schema("admin_units")
            // managed fields
            .id()
            // data fields
            .field("tree", .string, .required)
            .field("code", .string, .required)
            .field("level", .int, .required)
            .field("type", .string, .required)
            .field("name", .string, .required)
            .field("short_name", .string, .required)
            .field("search_key", .string, .required)
            .field("path", .string, .required)
            .field("lat", .double)
            .field("lon", .double)
            .field("area_km2", .double)
            .field("valid_from", .string)
            .field("valid_to", .string)
            .field("merged_into", .string, .required)
            .field("aliases", .string, .required)
            // reference fields
            .field("parent_id", .uuid, .references("admin_units", "id"))
            // constraints
            .unique(on: "tree", "code")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "admin_units_parent_id").on("admin_units").column("parent_id").run()
        try await sql.create(index: "admin_units_path").on("admin_units").column("path").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("admin_units").delete()
    }
}
