import Fluent

/// Issue 11: the `Idempotency-Key` of each submission, unique per scope and user.
struct CreateIdempotencyKeys: AsyncMigration {
    var name: String { "2026-11-24-create-idempotency-keys" }

    func prepare(on database: any Database) async throws {
        try await database.schema("idempotency_keys")
            .id()
            .field("scope", .string, .required)
            .field("actor", .uuid, .required)
            .field("key", .string, .required)
            .field("entity", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "scope", "actor", "key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("idempotency_keys").delete()
    }
}
