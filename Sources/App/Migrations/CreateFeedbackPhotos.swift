import Fluent

struct CreateFeedbackPhotos: AsyncMigration {
    var name: String { "2026-11-23-create-feedback-photos" }

    func prepare(on database: any Database) async throws {
        try await database.schema("feedback_photos")
            // managed fields
            .id()
            .field("created_at", .datetime, .required)
            // data fields
            .field("sha256", .string, .required)
            .field("kind", .string, .required)
            .field("size", .int, .required)
            // reference fields
            .field("feedback_id", .uuid, .required, .references("feedback", "id", onDelete: .cascade))
            // constraints
            .unique(on: "feedback_id", "sha256")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("feedback_photos").delete()
    }
}
