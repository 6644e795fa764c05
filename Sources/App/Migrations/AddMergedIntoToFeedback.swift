import Fluent

struct AddMergedIntoToFeedback: AsyncMigration {
    var name: String { "2026-11-23-add-merged-into-to-feedback" }

    func prepare(on database: any Database) async throws {
        try await database.schema("feedback")
            // reference fields
            .field("merged_into_id", .uuid)
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("feedback").deleteField("merged_into_id").update()
    }
}
