import Fluent

struct CreateApiTokens: AsyncMigration {
    var name: String { "2026-11-23-create-api-tokens" }

    func prepare(on database: any Database) async throws {
        try await database.schema("api_tokens")
            // managed fields
            .id()
            .field("created_at", .datetime, .required)
            // data fields
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("expires_at", .datetime)
            .field("revoked_at", .datetime)
            .field("last_used_at", .datetime)
            // reference fields
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            // constraints
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("api_tokens").delete()
    }
}
