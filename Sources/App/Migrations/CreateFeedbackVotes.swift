import Fluent

struct CreateFeedbackVotes: AsyncMigration {
    var name: String { "2026-11-23-create-feedback-votes" }

    func prepare(on database: any Database) async throws {
        try await database.schema("feedback_votes")
            // managed fields
            .id()
            // data fields
            .field("liked", .bool, .required)
            // reference fields
            .field("feedback_id", .uuid, .required, .references("feedback", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            // constraints
            .unique(on: "feedback_id", "user_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("feedback_votes").delete()
    }
}
