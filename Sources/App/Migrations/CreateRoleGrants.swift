import Fluent
import SQLKit

struct CreateRoleGrants: AsyncMigration {
    var name: String { "2026-11-23-create-role-grants" }

    func prepare(on database: any Database) async throws {
        try await database.schema("role_grants")
            // managed fields
            .id()
            .field("granted_at", .datetime, .required)
            // data fields
            .field("role", .string, .required)
            .field("includes_descendants", .bool, .required)
            // reference fields
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("unit_id", .uuid, .references("admin_units", "id"))
            .field("granted_by", .uuid, .references("users", "id", onDelete: .setNull))
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "role_grants_user_id").on("role_grants").column("user_id").run()
        try await sql.create(index: "role_grants_unit_id").on("role_grants").column("unit_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("role_grants").delete()
    }
}
