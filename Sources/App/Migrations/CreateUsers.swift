import Fluent

struct CreateUsers: AsyncMigration {
    var name: String { "2026-11-23-create-users" }

    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            // managed fields
            .id()
            .field("created_at", .datetime, .required)
            // data fields
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("email", .string)
            .field("phone", .string)
            .field("password_hash", .string, .required)
            .field("is_disabled", .bool, .required)
            // constraints
            .unique(on: "username")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").delete()
    }
}
